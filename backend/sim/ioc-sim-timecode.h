/* ioc-sim-timecode.h — the machine-readable clock in the simulated cameras
 *
 * Every frame the RTSP simulator sends carries the wall-clock time at which
 * it was captured (just before encoding), so that a viewer can measure
 * glass-to-glass latency: decode the frame, read the stamp, subtract it from
 * the wall clock when the frame is shown.
 *
 * Layout: a strip of IOC_TIMECODE_BITS square blocks along the bottom-left
 * edge of the picture, each block width/IOC_TIMECODE_DIVISOR pixels wide
 * (16 px at 640×360, aligned to H.264 macroblocks, so compression keeps it
 * readable). Block i (from the left) is bit IOC_TIMECODE_BITS-1-i of the
 * stamp: white (luma 235) for 1, black (16) for 0. The stamp is the low 32
 * bits of the Unix time in milliseconds (it wraps every ~49.7 days; a
 * latency is the difference of two such values modulo 2³²).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define IOC_TIMECODE_BITS 32
#define IOC_TIMECODE_DIVISOR 40

/* The stamp of a frame now. */
static inline guint32
ioc_timecode_now (void)
{
  return (guint32) ((guint64) g_get_real_time () / 1000);
}

/* Reads the stamp back from a decoded frame of 4-byte pixels (BGRA, BGRx,
 * RGBA: only the green byte at offset 1 is read, which is the same in all
 * of them). */
static inline guint32
ioc_timecode_read_rgb4 (const guint8 *pixels,
                        int           width,
                        int           height,
                        gsize         stride)
{
  int bw = width / IOC_TIMECODE_DIVISOR;
  int y = height - bw / 2 - 1;
  guint32 v = 0;

  if (bw < 2 || y < 0)
    return 0;
  for (int i = 0; i < IOC_TIMECODE_BITS; i++)
    {
      int x = i * bw + bw / 2;
      const guint8 *p = pixels + (gsize) y * stride + (gsize) x * 4;
      v = (v << 1) | (p[1] > 128 ? 1u : 0u);
    }
  return v;
}

/* Milliseconds from a stamp to a later one, modulo 2³². */
static inline gint64
ioc_timecode_elapsed_ms (guint32 stamp,
                         guint32 later)
{
  return (gint64) (guint32) (later - stamp);
}

G_END_DECLS
