// zlib from the system (Debian: zlib1g-dev), for the archive's compressed reports.
#include <zlib.h>
