/* ioc-console-version.c — the console's version string */
#include "config.h"

const char *ioc_console_version (void);

const char *
ioc_console_version (void)
{
  return PACKAGE_VERSION;
}
