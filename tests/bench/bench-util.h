/* bench-util.h — what the map benchmarks share: the pan-and-zoom script
 * over Buôn Ma Thuột and the median/p95 report of a series of times. */
#pragma once

#include <glib.h>
#include <math.h>
#include <stdlib.h>

#define BENCH_BMT_LAT 12.680
#define BENCH_BMT_LON 108.045

static inline int
bench_cmp_double (const void *a,
                  const void *c)
{
  double x = *(const double *) a, y = *(const double *) c;
  return x < y ? -1 : x > y;
}

/* Sorts @values (ms) and prints n, median, p95 and max. */
static inline void
bench_report (const char *name,
              GArray     *values)
{
  double *v = (double *) (gpointer) values->data;
  guint n = values->len;

  if (n == 0)
    {
      g_print ("%-30s no samples\n", name);
      return;
    }
  qsort (v, n, sizeof (double), bench_cmp_double);
  g_print ("%-30s n=%u  median %.1f ms  p95 %.1f ms  max %.1f ms\n",
           name, n, v[n / 2], v[MIN (n - 1, (guint) ceil (n * 0.95) - 1)], v[n - 1]);
}

/* At @t of @seconds: zoom in on Buôn Ma Thuột from the province, circle
 * it, dive to street level, pan, and pull back out to the province. */
static inline void
bench_script (double  t,
              double  seconds,
              double *lat,
              double *lon,
              double *zoom)
{
  double f = t / seconds;   /* 0..1 */

  if (f < 0.2)
    {
      double k = f / 0.2;
      *zoom = 8.5 + 3.5 * k;
      *lat = 12.9 + (BENCH_BMT_LAT - 12.9) * k;
      *lon = 108.45 + (BENCH_BMT_LON - 108.45) * k;
    }
  else if (f < 0.5)
    {
      double a = (f - 0.2) / 0.3 * 2 * G_PI;
      *zoom = 12;
      *lat = BENCH_BMT_LAT + 0.06 * sin (a);
      *lon = BENCH_BMT_LON + 0.06 * (1 - cos (a));
    }
  else if (f < 0.7)
    {
      double k = (f - 0.5) / 0.2;
      *zoom = 12 + 3 * k;
      *lat = BENCH_BMT_LAT;
      *lon = BENCH_BMT_LON + 0.01 * k;
    }
  else if (f < 0.8)
    {
      double k = (f - 0.7) / 0.1;
      *zoom = 15;
      *lat = BENCH_BMT_LAT - 0.01 * k;
      *lon = BENCH_BMT_LON + 0.01;
    }
  else
    {
      double k = (f - 0.8) / 0.2;
      *zoom = 15 - 6 * k;
      *lat = BENCH_BMT_LAT - 0.01 + (12.9 - BENCH_BMT_LAT + 0.01) * k;
      *lon = BENCH_BMT_LON + 0.01 + (108.45 - BENCH_BMT_LON - 0.01) * k;
    }
}
