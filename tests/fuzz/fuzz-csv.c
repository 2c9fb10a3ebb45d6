/* fuzz-csv.c — libFuzzer target for ioc_csv_parse (see fuzz-soc-line.c) */
#include "ioc-csv.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static gboolean once;
  g_autoptr(IocCsv) csv = NULL;
  g_autoptr(GError) error = NULL;

  /* A GLib warning or critical is a finding, not noise. */
  if (!once)
    {
      g_log_set_always_fatal (G_LOG_LEVEL_WARNING | G_LOG_LEVEL_CRITICAL);
      once = TRUE;
    }

  csv = ioc_csv_parse ((const char *) data, size, &error);
  g_assert ((csv == NULL) == (error != NULL));
  if (csv != NULL)
    {
      guint width = g_strv_length (csv->header);
      for (guint i = 0; i < csv->rows->len; i++)
        {
          g_assert (g_strv_length (g_ptr_array_index (csv->rows, i)) == width);
          for (guint c = 0; c < width; c++)
            g_assert (ioc_csv_get (csv, i, c) != NULL);
          (void) ioc_csv_line (csv, i);
        }
    }
  return 0;
}
