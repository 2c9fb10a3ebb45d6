/* fuzz-main.c — a plain driver for the fuzz targets, as fwupd's
 * fu-fuzzer-main.c: runs LLVMFuzzerTestOneInput once on each file named on
 * the command line (a directory: on each file in it). Used when libFuzzer
 * is not there, and as the corpus regression test. */
#include <glib.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static gboolean
run_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &data, &len, &error))
    {
      g_printerr ("%s: %s\n", path, error->message);
      return FALSE;
    }
  g_print ("%s: %" G_GSIZE_FORMAT " bytes\n", path, len);
  /* An exact-size copy, so that ASan sees reads past the end. */
  {
    g_autofree guint8 *copy = g_memdup2 (data, len);
    LLVMFuzzerTestOneInput (copy, len);
  }
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  guint n = 0;

  for (int i = 1; i < argc; i++)
    {
      if (g_file_test (argv[i], G_FILE_TEST_IS_DIR))
        {
          g_autoptr(GDir) dir = g_dir_open (argv[i], 0, NULL);
          const char *name;
          while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
            {
              g_autofree char *path = g_build_filename (argv[i], name, NULL);
              if (!run_file (path))
                return 1;
              n++;
            }
        }
      else if (!run_file (argv[i]))
        return 1;
      else
        n++;
    }
  if (n == 0)
    {
      g_printerr ("usage: %s FILE|DIR…\n", argv[0]);
      return 1;
    }
  g_print ("%u inputs, no crash\n", n);
  return 0;
}
