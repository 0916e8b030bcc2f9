-- A placeholder rule for the tests.
return 1
