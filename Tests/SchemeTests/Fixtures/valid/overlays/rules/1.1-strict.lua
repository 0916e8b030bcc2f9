-- A certification body's stricter rule for 1.1.
return 1
