/* fuzz-soc-line.c — libFuzzer target for ioc_soc_parse_line
 *
 * Built with -fsanitize=fuzzer,address when -Dfuzzing=true; otherwise
 * linked with fuzz-main.c, which feeds it the files named on the command
 * line (the committed corpus, as a unit test). */
#include "ioc-soc.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static gboolean once;
  g_autoptr(JsonObject) alert = NULL;
  g_autoptr(GError) error = NULL;
  IocSocResult r;

  /* A GLib warning or critical is a finding, not noise. */
  if (!once)
    {
      g_log_set_always_fatal (G_LOG_LEVEL_WARNING | G_LOG_LEVEL_CRITICAL);
      once = TRUE;
    }

  r = ioc_soc_parse_line ((const char *) data, size, &alert, &error);
  /* The contract the ingest relies on. */
  g_assert ((r == IOC_SOC_PARSED) == (alert != NULL));
  g_assert ((r == IOC_SOC_INVALID) == (error != NULL));
  if (alert != NULL)
    {
      g_autofree char *key = ioc_soc_fold_key (alert);
      g_assert (json_object_get_string_member (alert, "severity") != NULL);
      g_assert (key != NULL);
    }
  return 0;
}
