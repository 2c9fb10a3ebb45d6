/* fuzz-soc-line.c — libFuzzer target for ioc_soc_parse (the ingest's path)
 *
 * Built with -fsanitize=fuzzer,address when -Dfuzzing=true; otherwise
 * linked with fuzz-main.c, which feeds it the files named on the command
 * line (the committed corpus, as a unit test). */
#include "ioc-soc.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static gboolean once;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) event = g_string_new ("{\"id\":1,");
  IocSocAlert alert;
  IocSocResult r;

  /* A GLib warning or critical is a finding, not noise. */
  if (!once)
    {
      g_log_set_always_fatal (G_LOG_LEVEL_WARNING | G_LOG_LEVEL_CRITICAL);
      once = TRUE;
    }

  /* The path of the ingest: the alert, its raw record and its event. */
  r = ioc_soc_parse ((const char *) data, size, &alert, &error);
  g_assert ((r == IOC_SOC_INVALID) == (error != NULL));
  if (r == IOC_SOC_PARSED)
    {
      g_autofree char *raw = ioc_soc_alert_raw (&alert);
      g_autoptr(JsonNode) parsed = NULL;

      g_assert (alert.row.severity != NULL && alert.row.source != NULL && alert.row.category != NULL);
      g_assert (strlen (alert.row.fold_key) == 40);
      ioc_soc_alert_append_json (&alert, event);
      /* What goes to the consoles and back out of the API is JSON. */
      parsed = json_from_string (event->str, NULL);
      g_assert (parsed != NULL && JSON_NODE_HOLDS_OBJECT (parsed));
      g_clear_pointer (&parsed, json_node_unref);
      parsed = json_from_string (raw, NULL);
      g_assert (parsed != NULL);
    }
  ioc_soc_alert_clear (&alert);
  g_clear_error (&error);

  return 0;
}
