/* fuzz-import.c — libFuzzer target for one import kind's parser
 *
 * Built once per kind with -DIMPORT_KIND="dossier-records" (…): feeds the
 * input to ioc_import_parse(), the entry point every import runs first, as
 * the worker thread does (units of both sides of the 2025 reform, a
 * period, a fixed "now"). Checks the contract the job runner relies on:
 * a refusal has an error, a line and at least one message or a format
 * error; an acceptance has no bad row. */
#include "ioc-import.h"

#include <stdint.h>
#include <string.h>

#ifndef IMPORT_KIND
#error "build with -DIMPORT_KIND=\"kind\""
#endif

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static IocUnitResolver *
units (void)
{
  IocUnitResolver *r = ioc_unit_resolver_new ();

  ioc_unit_resolver_add (r, "so_tai_chinh", "Sở Tài chính", NULL, NULL);
  ioc_unit_resolver_add (r, "so_ngoai_vu", "Sở Ngoại vụ", NULL, NULL);
  ioc_unit_resolver_add (r, "cong_an_tinh", "Công an tỉnh", NULL, NULL);
  ioc_unit_resolver_add (r, "huyen_cu_mgar", "UBND huyện Cư M'gar", NULL, "2025-06-30");
  ioc_unit_resolver_add (r, "bmt_phuong_tan_lap", "UBND phường Tân Lập", NULL, "2025-06-30");
  ioc_unit_resolver_add (r, "u2025_24121", "Tân Lập", "2025-07-01", NULL);
  ioc_unit_resolver_add_name (r, "UBND Phường Tân Lập", "u2025_24121");
  return r;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static gboolean once;
  static IocUnitResolver *resolver;
  const IocImportKind *kind = ioc_import_kind_find (IMPORT_KIND);
  IocImportOptions opts = { 0 };
  IocImportResult result;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  /* A GLib warning or critical is a finding, not noise. */
  if (!once)
    {
      g_log_set_always_fatal (G_LOG_LEVEL_WARNING | G_LOG_LEVEL_CRITICAL);
      resolver = units ();
      once = TRUE;
    }
  g_assert (kind != NULL);

  opts.units = ioc_unit_resolver_ref (resolver);
  opts.period_from = g_strdup ("2023-01-01");
  opts.period_to = g_strdup ("2023-12-31");
  opts.file_name = g_strdup ("fuzz.csv");
  opts.now = 1796000000;
  opts.batch_rows = 3;    /* many batches, even for small inputs */
  ioc_import_result_init (&result);
  ok = ioc_import_parse (kind, &opts, (const char *) data, size, &result, &error);

  g_assert (ok == (error == NULL));
  g_assert (result.rejected <= result.read);
  g_assert (result.errors->len <= IOC_IMPORT_MAX_ERRORS);
  if (ok)
    {
      g_assert (result.rejected == 0);
      g_assert (result.error_line == 0);
    }
  else
    {
      g_autofree char *text = ioc_import_result_errors (&result);
      g_assert (error->domain == IOC_IMPORT_ERROR);
      g_assert (result.error_line > 0);
      g_assert (g_utf8_validate (error->message, -1, NULL));
      g_assert (g_utf8_validate (text, -1, NULL));
      g_assert (result.rejected == 0 || result.errors->len > 0);
    }

  /* Validating in two halves at once must say exactly what one pass says. */
  if (ioc_import_kind_flags (kind) & IOC_IMPORT_SPLITTABLE)
    {
      IocImportResult two;
      g_autoptr(GError) e2 = NULL;
      gboolean ok2;

      ioc_import_result_init (&two);
      ok2 = ioc_import_parse_split (kind, &opts, (const char *) data, size, 0, &two, &e2);
      g_assert (ok2 == ok);
      g_assert (two.read == result.read);
      g_assert (two.rejected == result.rejected);
      g_assert (two.error_line == result.error_line);
      g_assert (two.errors->len == result.errors->len);
      for (guint i = 0; i < two.errors->len; i++)
        g_assert (g_str_equal (g_ptr_array_index (two.errors, i), g_ptr_array_index (result.errors, i)));
      if (!ok)
        g_assert (g_str_equal (error->message, e2->message));
      ioc_import_result_clear (&two);
    }
  ioc_import_result_clear (&result);
  ioc_import_options_clear (&opts);
  return 0;
}
