/* main.c — placeholder until the console shell lands */
#include <stdio.h>

const char *ioc_console_version (void);

int
main (void)
{
  printf ("ioc-console %s\n", ioc_console_version ());
  return 0;
}
