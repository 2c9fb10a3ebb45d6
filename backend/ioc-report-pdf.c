/* ioc-report-pdf.c — the weekly report as an A4 PDF (see ioc-report-pdf.h)
 *
 * The document is laid out twice: once on a PDF surface that discards its
 * output, to count the pages ("Trang 2/5"), then for real.
 */
#define G_LOG_DOMAIN "iocd"

#include "ioc-report-pdf.h"
#include "ioc-report-private.h"
#include "ioc-json.h"

#include <errno.h>
#include <stdio.h>
#include <cairo.h>
#include <cairo-pdf.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#define PAGE_W 595.28
#define PAGE_H 841.89
#define MARGIN_X 56.0
#define MARGIN_TOP 50.0
#define MARGIN_BOTTOM 56.0
#define CONTENT_W (PAGE_W - 2 * MARGIN_X)
#define FONT "Noto Sans, DejaVu Sans"
#define ORGANISATION "Trung tâm Giám sát, điều hành đô thị thông minh tỉnh Đắk Lắk"

typedef struct {
  cairo_t              *cr;
  PangoFontMap         *fontmap;
  PangoContext         *pango;
  const IocReportInput *in;
  double                y;
  guint                 page;
  guint                 total_pages;   /* 0 on the counting pass */
  char                 *date_line;     /* "27/11/2023 – 03/12/2023" */
  guint                 next_chart;    /* number of the next chart after the fixed 1–4 */
} Doc;

/* 1234567 → "1.234.567" (Vietnamese grouping) */
static char *
fmt_int (gint64 v)
{
  g_autofree char *digits = g_strdup_printf ("%" G_GINT64_FORMAT, v < 0 ? -v : v);
  GString *s = g_string_new (v < 0 ? "-" : "");
  gsize n = strlen (digits);

  for (gsize i = 0; i < n; i++)
    {
      if (i > 0 && (n - i) % 3 == 0)
        g_string_append_c (s, '.');
      g_string_append_c (s, digits[i]);
    }
  return g_string_free (s, FALSE);
}

static char *
fmt_member (JsonObject *o,
            const char *member)
{
  gint64 v;

  return num (o, member, &v) ? fmt_int (v) : g_strdup ("—");
}

static char *
fmt_change (JsonObject *c)
{
  gint64 v;

  if (!num (c, "change", &v))
    return g_strdup ("—");
  if (v == 0)
    return g_strdup ("0");
  {
    g_autofree char *n = fmt_int (v < 0 ? -v : v);
    return g_strdup_printf ("%s%s", v > 0 ? "+" : "−", n);
  }
}

/* "2023-11-27" → "27/11/2023" */
static char *
fmt_date (const char *iso)
{
  if (iso == NULL || strlen (iso) < 10)
    return g_strdup ("—");
  return g_strdup_printf ("%.2s/%.2s/%.4s", iso + 8, iso + 5, iso);
}

/* The API's codes as the province's reports write them. */
static const char *
vi_label (const char *code)
{
  static const struct { const char *code, *vi; } labels[] = {
    /* SOC categories (ioc-soc.h) and severities */
    { "malware_c2", "Mã độc / C2" }, { "vulnerability", "Lỗ hổng" }, { "exploitation", "Khai thác lỗ hổng" },
    { "anomalous_host", "Máy chủ bất thường" }, { "web_attack", "Tấn công web" }, { "ddos_l7", "DDoS tầng 7" },
    { "other", "Khác" }, { "critical", "Nghiêm trọng" }, { "high", "Cao" }, { "medium", "Trung bình" },
    { "low", "Thấp" }, { "info", "Thông tin" },
    /* AI camera events (ioc-camevents.h) */
    { "red_light", "Vượt đèn đỏ" }, { "crowd", "Tụ tập đám đông" }, { "intrusion", "Xâm nhập vùng cấm" },
    { "congestion", "Ùn tắc giao thông" }, { "plate", "Nhận dạng biển số" },
    /* indicator anomalies (ioc-indicators.h) */
    { "mom_change", "Biến động bất thường so với tháng trước" }, { "off_target", "Thấp hơn kế hoạch" },
  };

  for (guint i = 0; code != NULL && i < G_N_ELEMENTS (labels); i++)
    if (g_str_equal (labels[i].code, code))
      return labels[i].vi;
  return code != NULL ? code : "—";
}

/* "2026-11-24T08:30:00Z" → "15:30 24/11/2026" (province time) */
static char *
fmt_time (const char *iso)
{
  gint64 t;
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (iso == NULL || !ioc_time_parse (iso, NULL, &t))
    return g_strdup ("—");
  utc = g_date_time_new_from_unix_utc (t);
  local = g_date_time_to_timezone (utc, ioc_time_zone_local ());
  return g_date_time_format (local, "%H:%M %d/%m/%Y");
}

/* "nguồn X cập nhật lần cuối lúc …" for the sources of a service, from
 * figures.sources; NULL when none of them ever reported. */
static char *
sources_line (JsonObject        *figures,
              const char *const *names,
              const char *const *labels)
{
  JsonArray *sources = arr (figures, "sources");
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint k = 0; names[k] != NULL; k++)
    for (guint i = 0; sources != NULL && i < json_array_get_length (sources); i++)
      {
        JsonObject *src = json_array_get_object_element (sources, i);
        JsonNode *stale = json_object_get_member (src, "stale");
        g_autofree char *when = NULL;

        if (g_strcmp0 (str (src, "name"), names[k]) != 0 || str (src, "last_update") == NULL)
          continue;
        when = fmt_time (str (src, "last_update"));
        g_string_append_printf (s, "%s%s cập nhật lần cuối lúc %s%s", s->len > 0 ? "; " : "", labels[k], when,
                                stale != NULL && JSON_NODE_HOLDS_VALUE (stale) && json_node_get_boolean (stale)
                                ? " (quá hạn cập nhật)" : "");
      }
  return s->len > 0 ? g_string_free (g_steal_pointer (&s), FALSE) : NULL;
}

/* ---- drawing primitives ------------------------------------------------ */

static void
footer (Doc *doc)
{
  cairo_t *cr = doc->cr;
  g_autoptr(PangoLayout) l = pango_layout_new (doc->pango);
  g_autoptr(PangoFontDescription) fd = pango_font_description_from_string (FONT " 8");
  g_autofree char *page = doc->total_pages > 0 ? g_strdup_printf ("Trang %u/%u", doc->page, doc->total_pages)
                                               : g_strdup_printf ("Trang %u", doc->page);
  g_autofree char *left = g_strdup_printf ("%s — Báo cáo tuần %s", ORGANISATION, doc->date_line);
  int w, h;

  cairo_save (cr);
  cairo_set_source_rgb (cr, 0.6, 0.6, 0.6);
  cairo_set_line_width (cr, 0.5);
  cairo_move_to (cr, MARGIN_X, PAGE_H - MARGIN_BOTTOM + 14);
  cairo_line_to (cr, PAGE_W - MARGIN_X, PAGE_H - MARGIN_BOTTOM + 14);
  cairo_stroke (cr);
  cairo_set_source_rgb (cr, 0.3, 0.3, 0.3);
  pango_layout_set_font_description (l, fd);
  pango_layout_set_text (l, left, -1);
  pango_layout_set_width (l, (int) ((CONTENT_W - 70) * PANGO_SCALE));
  pango_layout_set_ellipsize (l, PANGO_ELLIPSIZE_END);
  cairo_move_to (cr, MARGIN_X, PAGE_H - MARGIN_BOTTOM + 20);
  pango_cairo_show_layout (cr, l);
  pango_layout_set_width (l, -1);
  pango_layout_set_text (l, page, -1);
  pango_layout_get_pixel_size (l, &w, &h);
  cairo_move_to (cr, PAGE_W - MARGIN_X - w, PAGE_H - MARGIN_BOTTOM + 20);
  pango_cairo_show_layout (cr, l);
  cairo_restore (cr);
}

static void
new_page (Doc *doc)
{
  footer (doc);
  cairo_show_page (doc->cr);
  doc->page++;
  doc->y = MARGIN_TOP;
}

static void
ensure_space (Doc    *doc,
              double  needed)
{
  if (doc->y + needed > PAGE_H - MARGIN_BOTTOM)
    new_page (doc);
}

static PangoLayout *
make_layout (Doc        *doc,
             const char *markup,
             double      size,
             gboolean    bold,
             double      width,
             PangoAlignment align)
{
  PangoLayout *l = pango_layout_new (doc->pango);
  g_autoptr(PangoFontDescription) fd = pango_font_description_from_string (FONT);

  pango_font_description_set_size (fd, (int) (size * PANGO_SCALE));
  if (bold)
    pango_font_description_set_weight (fd, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (l, fd);
  pango_layout_set_width (l, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (l, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment (l, align);
  pango_layout_set_markup (l, markup, -1);
  return l;
}

/* A paragraph at the current position; breaks the page when needed. */
static void
para_full (Doc            *doc,
           const char     *markup,
           double          size,
           gboolean        bold,
           PangoAlignment  align,
           double          indent,
           double          space_after)
{
  g_autoptr(PangoLayout) l = make_layout (doc, markup, size, bold, CONTENT_W - indent, align);
  PangoLayoutIter *it;
  int h;

  pango_layout_get_pixel_size (l, NULL, &h);
  if (h <= PAGE_H - MARGIN_BOTTOM - MARGIN_TOP)
    {
      ensure_space (doc, h);
      cairo_set_source_rgb (doc->cr, 0, 0, 0);
      cairo_move_to (doc->cr, MARGIN_X + indent, doc->y);
      pango_cairo_show_layout (doc->cr, l);
      doc->y += h + space_after;
      return;
    }
  /* Long free text: line by line. */
  it = pango_layout_get_iter (l);
  do
    {
      PangoLayoutLine *line = pango_layout_iter_get_line_readonly (it);
      PangoRectangle logical;
      int baseline = pango_layout_iter_get_baseline (it);
      double lh;

      pango_layout_iter_get_line_extents (it, NULL, &logical);
      lh = logical.height / (double) PANGO_SCALE;
      ensure_space (doc, lh);
      cairo_set_source_rgb (doc->cr, 0, 0, 0);
      cairo_move_to (doc->cr, MARGIN_X + indent + logical.x / (double) PANGO_SCALE,
                     doc->y + (baseline - logical.y) / (double) PANGO_SCALE);
      pango_cairo_show_layout_line (doc->cr, line);
      doc->y += lh;
    }
  while (pango_layout_iter_next_line (it));
  pango_layout_iter_free (it);
  doc->y += space_after;
}

static void
para (Doc        *doc,
      const char *markup)
{
  para_full (doc, markup, 10.5, FALSE, PANGO_ALIGN_LEFT, 0, 4);
}

static void
heading (Doc        *doc,
         const char *text,
         int         level)
{
  g_autofree char *esc = g_markup_escape_text (text, -1);

  ensure_space (doc, level == 1 ? 90 : 60);   /* keep a heading with what follows */
  doc->y += level == 1 ? 8 : 4;
  para_full (doc, esc, level == 1 ? 12.5 : 11, TRUE, PANGO_ALIGN_LEFT, 0, level == 1 ? 6 : 3);
}

static void
bullet (Doc        *doc,
        const char *label,
        const char *text)
{
  g_autofree char *l = g_markup_escape_text (label, -1);
  g_autofree char *t = g_markup_escape_text (text, -1);
  g_autofree char *m = g_strdup_printf ("– <b>%s</b> %s", l, t);

  para_full (doc, m, 10.5, FALSE, PANGO_ALIGN_LEFT, 12, 2);
}

/* ---- tables ---------------------------------------------------------------- */

typedef struct {
  const char *title;
  double      width;   /* fraction of CONTENT_W */
  gboolean    numeric;
} Col;

static double
row_height (Doc         *doc,
            const Col   *cols,
            guint        n,
            char       **cells,
            gboolean     bold)
{
  double h = 0;

  for (guint c = 0; c < n; c++)
    {
      g_autofree char *esc = g_markup_escape_text (cells[c] != NULL ? cells[c] : "", -1);
      g_autoptr(PangoLayout) l = make_layout (doc, esc, 9, bold, cols[c].width * CONTENT_W - 8, PANGO_ALIGN_LEFT);
      int lh;

      pango_layout_get_pixel_size (l, NULL, &lh);
      h = MAX (h, lh + 6);
    }
  return h;
}

static void
draw_row (Doc         *doc,
          const Col   *cols,
          guint        n,
          char       **cells,
          gboolean     header,
          double       h,
          gboolean     shade)
{
  cairo_t *cr = doc->cr;
  double x = MARGIN_X;

  cairo_save (cr);
  if (header || shade)
    {
      if (header)
        cairo_set_source_rgb (cr, 0.85, 0.89, 0.95);
      else
        cairo_set_source_rgb (cr, 0.96, 0.96, 0.96);
      cairo_rectangle (cr, MARGIN_X, doc->y, CONTENT_W, h);
      cairo_fill (cr);
    }
  cairo_set_source_rgb (cr, 0.45, 0.45, 0.45);
  cairo_set_line_width (cr, 0.5);
  for (guint c = 0; c < n; c++)
    {
      double w = cols[c].width * CONTENT_W;
      g_autofree char *esc = g_markup_escape_text (cells[c] != NULL ? cells[c] : "", -1);
      g_autoptr(PangoLayout) l = make_layout (doc, esc, 9, header, w - 8,
                                              header ? PANGO_ALIGN_CENTER :
                                              cols[c].numeric ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);

      cairo_set_source_rgb (cr, 0.45, 0.45, 0.45);
      cairo_rectangle (cr, x, doc->y, w, h);
      cairo_stroke (cr);
      cairo_set_source_rgb (cr, 0, 0, 0);
      cairo_move_to (cr, x + 4, doc->y + 3);
      pango_cairo_show_layout (cr, l);
      x += w;
    }
  cairo_restore (cr);
  doc->y += h;
}

/* @rows: GPtrArray of GStrv with n cells; the header repeats on each page. */
static void
table (Doc       *doc,
       const Col *cols,
       guint      n,
       GPtrArray *rows)
{
  g_autofree char **head = g_new0 (char *, n + 1);
  double hh;

  for (guint c = 0; c < n; c++)
    head[c] = (char *) cols[c].title;
  hh = row_height (doc, cols, n, head, TRUE);
  ensure_space (doc, hh + 20);
  draw_row (doc, cols, n, head, TRUE, hh, FALSE);
  for (guint r = 0; r < rows->len; r++)
    {
      char **cells = g_ptr_array_index (rows, r);
      double h = row_height (doc, cols, n, cells, FALSE);

      if (doc->y + h > PAGE_H - MARGIN_BOTTOM)
        {
          new_page (doc);
          draw_row (doc, cols, n, head, TRUE, hh, FALSE);
        }
      draw_row (doc, cols, n, cells, FALSE, h, r % 2 == 1);
    }
  doc->y += 8;
}

/* ---- charts ------------------------------------------------------------------ */

static void
chart_text (Doc        *doc,
            const char *text,
            double      x,
            double      y,
            double      size,
            double      align)   /* 0 left, 0.5 centre, 1 right of x */
{
  g_autoptr(PangoLayout) l = make_layout (doc, "", size, FALSE, -1, PANGO_ALIGN_LEFT);
  int w, h;

  pango_layout_set_width (l, -1);
  pango_layout_set_text (l, text, -1);
  pango_layout_get_pixel_size (l, &w, &h);
  cairo_move_to (doc->cr, x - align * w, y - h / 2.0);
  pango_cairo_show_layout (doc->cr, l);
}

static double
nice_max (double v)
{
  double p, f;

  if (v <= 4)
    return 4;   /* whole numbers on the four grid lines */
  p = pow (10, floor (log10 (v)));
  f = v / p;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
}

/* Horizontal bars: labels on the left, values at the bar ends. */
static void
chart_hbars (Doc         *doc,
             const char  *title,
             char       **labels,
             const double *values,
             guint        n)
{
  cairo_t *cr = doc->cr;
  double bar_h = 12, gap = 3, label_w = 190;
  double h = 26 + n * (bar_h + gap) + 10;
  double max = 0, x0 = MARGIN_X + label_w, w = CONTENT_W - label_w - 40;

  if (n == 0)
    return;
  ensure_space (doc, h);
  for (guint i = 0; i < n; i++)
    max = MAX (max, values[i]);
  max = nice_max (max);
  cairo_save (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  chart_text (doc, title, MARGIN_X + CONTENT_W / 2, doc->y + 8, 10, 0.5);
  for (guint i = 0; i < n; i++)
    {
      double y = doc->y + 24 + i * (bar_h + gap);
      double bw = values[i] / max * w;
      g_autofree char *v = fmt_int ((gint64) values[i]);

      cairo_set_source_rgb (cr, 0, 0, 0);
      chart_text (doc, labels[i], x0 - 6, y + bar_h / 2, 8.5, 1);
      cairo_set_source_rgb (cr, 0.80, 0.25, 0.20);
      cairo_rectangle (cr, x0, y, MAX (bw, 0.5), bar_h);
      cairo_fill (cr);
      cairo_set_source_rgb (cr, 0, 0, 0);
      chart_text (doc, v, x0 + bw + 4, y + bar_h / 2, 8.5, 0);
    }
  cairo_set_source_rgb (cr, 0.3, 0.3, 0.3);
  cairo_set_line_width (cr, 0.8);
  cairo_move_to (cr, x0, doc->y + 20);
  cairo_line_to (cr, x0, doc->y + 24 + n * (bar_h + gap));
  cairo_stroke (cr);
  cairo_restore (cr);
  doc->y += h;
}

/* Vertical bars (@line FALSE) or a line with points, with a value axis. */
static void
chart_series (Doc          *doc,
              const char   *title,
              char        **labels,
              const double *values,
              guint         n,
              gboolean      line,
              double        r,
              double        g,
              double        b)
{
  cairo_t *cr = doc->cr;
  double h = 190, top, bottom, left = MARGIN_X + 40, right = MARGIN_X + CONTENT_W - 10;
  double max = 0, step;

  if (n == 0)
    return;
  ensure_space (doc, h + 10);
  for (guint i = 0; i < n; i++)
    max = MAX (max, values[i]);
  max = nice_max (max);
  top = doc->y + 26;
  bottom = doc->y + h - 34;
  step = (right - left) / n;

  cairo_save (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  chart_text (doc, title, MARGIN_X + CONTENT_W / 2, doc->y + 8, 10, 0.5);
  /* grid and value axis */
  cairo_set_line_width (cr, 0.4);
  for (int k = 0; k <= 4; k++)
    {
      double y = bottom - (bottom - top) * k / 4.0;
      g_autofree char *v = fmt_int ((gint64) llround (max * k / 4.0));

      cairo_set_source_rgb (cr, 0.82, 0.82, 0.82);
      cairo_move_to (cr, left, y);
      cairo_line_to (cr, right, y);
      cairo_stroke (cr);
      cairo_set_source_rgb (cr, 0.25, 0.25, 0.25);
      chart_text (doc, v, left - 4, y, 8, 1);
    }
  cairo_set_source_rgb (cr, r, g, b);
  for (guint i = 0; i < n; i++)
    {
      double cx = left + step * (i + 0.5);
      double y = bottom - values[i] / max * (bottom - top);

      if (line)
        {
          if (i == 0)
            cairo_move_to (cr, cx, y);
          else
            cairo_line_to (cr, cx, y);
        }
      else
        {
          cairo_rectangle (cr, cx - step * 0.32, y, step * 0.64, bottom - y);
          cairo_fill (cr);
        }
    }
  if (line)
    {
      cairo_set_line_width (cr, 1.8);
      cairo_stroke (cr);
      for (guint i = 0; i < n; i++)
        {
          double cx = left + step * (i + 0.5);
          double y = bottom - values[i] / max * (bottom - top);
          cairo_arc (cr, cx, y, 2.4, 0, 2 * G_PI);
          cairo_fill (cr);
        }
    }
  /* values and category labels */
  for (guint i = 0; i < n; i++)
    {
      double cx = left + step * (i + 0.5);
      double y = bottom - values[i] / max * (bottom - top);
      g_autofree char *v = fmt_int ((gint64) values[i]);

      cairo_set_source_rgb (cr, 0, 0, 0);
      if (!line || n <= 12 || i % 2 == 0)
        chart_text (doc, v, cx, y - 8, 7.5, 0.5);
      cairo_set_source_rgb (cr, 0.25, 0.25, 0.25);
      if (n <= 12 || i % 2 == 0)
        chart_text (doc, labels[i], cx, bottom + 10, 7.5, 0.5);
    }
  cairo_set_source_rgb (cr, 0.3, 0.3, 0.3);
  cairo_set_line_width (cr, 0.8);
  cairo_move_to (cr, left, bottom);
  cairo_line_to (cr, right, bottom);
  cairo_stroke (cr);
  cairo_restore (cr);
  doc->y += h;
}

/* ---- the document ---------------------------------------------------------- */

static void
header_block (Doc *doc)
{
  cairo_t *cr = doc->cr;
  JsonObject *f = doc->in->figures;
  g_autoptr(GDateTime) gen = g_date_time_new_from_unix_utc (doc->in->generated_at);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (gen, ioc_time_zone_local ());
  g_autofree char *place = g_strdup_printf ("<i>Đắk Lắk, ngày %02d tháng %02d năm %d</i>",
                                            g_date_time_get_day_of_month (local),
                                            g_date_time_get_month (local),
                                            g_date_time_get_year (local));
  g_autoptr(PangoLayout) left = make_layout (doc,
      "UBND TỈNH ĐẮK LẮK\nSỞ THÔNG TIN VÀ TRUYỀN THÔNG\n<b>TRUNG TÂM GIÁM SÁT, ĐIỀU HÀNH\nĐÔ THỊ THÔNG MINH</b>",
      9, FALSE, CONTENT_W * 0.45, PANGO_ALIGN_CENTER);
  g_autoptr(PangoLayout) right = make_layout (doc,
      "<b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b>\n<b>Độc lập - Tự do - Hạnh phúc</b>",
      9, FALSE, CONTENT_W * 0.55, PANGO_ALIGN_CENTER);
  g_autoptr(PangoLayout) date = make_layout (doc, place, 9.5, FALSE, CONTENT_W * 0.55, PANGO_ALIGN_CENTER);
  g_autoptr(GDateTime) monday = NULL;
  g_autofree char *title = NULL, *from = NULL, *to = NULL, *range = NULL;
  int lh, rh;

  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_move_to (cr, MARGIN_X, doc->y);
  pango_cairo_show_layout (cr, left);
  cairo_move_to (cr, MARGIN_X + CONTENT_W * 0.45, doc->y);
  pango_cairo_show_layout (cr, right);
  pango_layout_get_pixel_size (left, NULL, &lh);
  pango_layout_get_pixel_size (right, NULL, &rh);
  cairo_set_line_width (cr, 0.6);
  cairo_move_to (cr, MARGIN_X + CONTENT_W * 0.45 / 2 - 40, doc->y + lh + 3);
  cairo_line_to (cr, MARGIN_X + CONTENT_W * 0.45 / 2 + 40, doc->y + lh + 3);
  cairo_move_to (cr, MARGIN_X + CONTENT_W * 0.45 + CONTENT_W * 0.55 / 2 - 62, doc->y + rh + 3);
  cairo_line_to (cr, MARGIN_X + CONTENT_W * 0.45 + CONTENT_W * 0.55 / 2 + 62, doc->y + rh + 3);
  cairo_stroke (cr);
  cairo_move_to (cr, MARGIN_X + CONTENT_W * 0.45, doc->y + rh + 12);
  pango_cairo_show_layout (cr, date);
  doc->y += MAX (lh, rh + 28) + 26;

  {
    const char *ws = str (f, "week_start");
    int y = 0, m = 0, d = 0;
    if (ws != NULL && sscanf (ws, "%d-%d-%d", &y, &m, &d) == 3)
      monday = g_date_time_new (ioc_time_zone_local (), y, m, d, 0, 0, 0);
  }
  from = fmt_date (str (f, "week_start"));
  to = fmt_date (str (f, "week_end"));
  if (monday != NULL)
    title = g_strdup_printf ("Báo cáo tuần %d năm %d", g_date_time_get_week_of_year (monday),
                             g_date_time_get_week_numbering_year (monday));
  else
    title = g_strdup ("Báo cáo tuần");
  range = g_strdup_printf ("Tình hình hoạt động của Trung tâm Giám sát, điều hành đô thị thông minh\n"
                           "(Từ ngày %s đến ngày %s)", from, to);
  {
    g_autofree char *t = g_markup_escape_text (title, -1);
    g_autofree char *r = g_markup_escape_text (range, -1);
    para_full (doc, t, 15, TRUE, PANGO_ALIGN_CENTER, 0, 4);
    para_full (doc, r, 10.5, FALSE, PANGO_ALIGN_CENTER, 0, 14);
  }
}

static GPtrArray *
rows_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
}

static void
add_kpi (GPtrArray  *rows,
         const char *label,
         JsonObject *change)
{
  char **r = g_new0 (char *, 5);

  r[0] = g_strdup (label);
  r[1] = fmt_member (change, "value");
  r[2] = fmt_member (change, "previous");
  r[3] = fmt_change (change);
  g_ptr_array_add (rows, r);
}

static const Col kpi_cols[] = {
  { "Chỉ tiêu", 0.52, FALSE },
  { "Tuần này", 0.16, TRUE },
  { "Tuần trước", 0.16, TRUE },
  { "Thay đổi", 0.16, TRUE },
};

static void
section_overview (Doc *doc)
{
  JsonObject *f = doc->in->figures;
  JsonObject *fr = obj (f, "field_reports"), *ds = obj (f, "dossiers");
  JsonObject *cam = obj (f, "cameras"), *soc = obj (f, "soc");
  g_autoptr(GPtrArray) rows = rows_new ();
  g_autofree char *d = fmt_date (str (ds, "date")), *pd = fmt_date (str (ds, "previous_date"));
  g_autofree char *label = g_strdup_printf ("Hồ sơ TTHC trễ hạn (số liệu ngày %s, so với %s)", d, pd);

  heading (doc, "I. TỔNG QUAN", 1);
  add_kpi (rows, "Phản ánh hiện trường tiếp nhận", obj (fr, "received"));
  add_kpi (rows, "Phản ánh đã xử lý", obj (fr, "processed"));
  add_kpi (rows, "Phản ánh quá hạn", obj (fr, "overdue"));
  add_kpi (rows, "Người dân không hài lòng", obj (fr, "dissatisfied"));
  add_kpi (rows, label, obj (ds, "overdue"));
  add_kpi (rows, "Hồ sơ trực tuyến quá 8 giờ chưa tiếp nhận", obj (ds, "online_8h"));
  if (obj (ds, "handled") != NULL)
    add_kpi (rows, "Hồ sơ TTHC đã giải quyết", obj (ds, "handled"));
  add_kpi (rows, "Phiếu cảnh báo đã phát hành", obj (obj (ds, "warning_tickets"), "issued"));
  add_kpi (rows, "Phiếu cảnh báo đã kiểm tra", obj (obj (ds, "warning_tickets"), "checked"));
  add_kpi (rows, "Sự kiện AI từ camera", obj (cam, "ai_events"));
  add_kpi (rows, "Cảnh báo an toàn thông tin (SOC)", obj (soc, "alerts"));
  add_kpi (rows, "Trong đó mức nghiêm trọng/cao", obj (soc, "severe"));
  table (doc, kpi_cols, G_N_ELEMENTS (kpi_cols), rows);
}

static void
service_dossiers (Doc *doc)
{
  JsonObject *ds = obj (doc->in->figures, "dossiers");
  JsonArray *agencies = arr (ds, "by_agency");
  JsonArray *trend = arr (ds, "trend");
  JsonObject *rank = obj (ds, "ranking");
  g_autofree char *d = fmt_date (str (ds, "date"));
  g_autofree char *overdue = fmt_member (obj (ds, "overdue"), "value");
  g_autofree char *change = fmt_change (obj (ds, "overdue"));
  g_autofree char *line = NULL;
  guint n_with = 0;

  heading (doc, "1. Dịch vụ giám sát, điều hành lĩnh vực Dịch vụ công", 2);
  bullet (doc, "Hoàn thiện tính năng:",
          "theo dõi số hồ sơ trễ hạn và hồ sơ trực tuyến quá 8 giờ chưa tiếp nhận theo từng cơ quan; "
          "phiếu cảnh báo; tự động lập danh sách biểu dương, phê bình.");
  for (guint i = 0; agencies != NULL && i < json_array_get_length (agencies); i++)
    {
      gint64 v;
      if (num (json_array_get_object_element (agencies, i), "overdue", &v) && v > 0)
        n_with++;
    }
  line = g_strdup_printf ("số liệu iGate cập nhật đến ngày %s, %u cơ quan, đơn vị.", d,
                          agencies != NULL ? json_array_get_length (agencies) : 0);
  bullet (doc, "Cập nhật dữ liệu:", line);
  g_free (line);
  line = g_strdup_printf ("%s hồ sơ trễ hạn tại %u cơ quan, đơn vị (thay đổi so với kỳ trước: %s).",
                          overdue, n_with, change);
  bullet (doc, "Hiệu quả:", line);

  if (agencies != NULL && json_array_get_length (agencies) > 0)
    {
      guint n = MIN (12, json_array_get_length (agencies));
      g_autofree char **labels = g_new0 (char *, n + 1);
      g_autofree double *values = g_new0 (double, n);
      g_autofree char *title = g_strdup_printf ("Biểu đồ 1. Số hồ sơ trễ hạn theo đơn vị, ngày %s", d);
      guint k = 0;

      for (guint i = 0; i < n; i++)
        {
          JsonObject *a = json_array_get_object_element (agencies, i);
          gint64 v = 0;
          if (!num (a, "overdue", &v) || v <= 0)
            break;
          labels[k] = (char *) str (a, "name");
          values[k++] = v;
        }
      chart_hbars (doc, title, labels, values, k);
    }
  if (trend != NULL && json_array_get_length (trend) > 1)
    {
      guint n = json_array_get_length (trend);
      g_autofree char **labels = g_new0 (char *, n + 1);
      g_autofree double *values = g_new0 (double, n);
      g_autoptr(GPtrArray) own = g_ptr_array_new_with_free_func (g_free);

      for (guint i = 0; i < n; i++)
        {
          JsonObject *t = json_array_get_object_element (trend, i);
          const char *date = str (t, "date");
          gint64 v = 0;
          char *l = date != NULL ? g_strdup_printf ("%.2s/%.2s", date + 8, date + 5) : g_strdup ("");
          g_ptr_array_add (own, l);
          labels[i] = l;
          num (t, "overdue", &v);
          values[i] = v;
        }
      chart_series (doc, "Biểu đồ 2. Tổng số hồ sơ trễ hạn toàn tỉnh qua các kỳ số liệu trong năm",
                    labels, values, n, TRUE, 0.80, 0.25, 0.20);
    }
  if (rank != NULL)
    {
      g_autofree char *from = fmt_date (str (rank, "period_from"));
      g_autofree char *to = fmt_date (str (rank, "period_to"));
      g_autofree char *m = g_strdup_printf ("Đề xuất biểu dương, phê bình (số liệu từ %s đến %s, chi tiết tại Phụ lục 01).",
                                            from, to);
      g_autofree char *esc = g_markup_escape_text (m, -1);
      para (doc, esc);
      {
        static const struct { const char *member, *label; } lists[] = {
          { "praise_zero", "Biểu dương (không có hồ sơ trễ hạn):" },
          { "praise_improved", "Biểu dương (giảm ít nhất một nửa):" },
          { "criticise", "Phê bình (trễ hạn không giảm):" },
        };
        gint64 dates = 0, pct = 50;

        num (rank, "dates", &dates);
        num (rank, "improved_percent", &pct);
        {
          g_autofree char *rule = g_strdup_printf ("<i>Cách xếp loại: trên %" G_GINT64_FORMAT " kỳ số liệu, áp dụng điều kiện "
                                                   "đầu tiên thỏa mãn — biểu dương đơn vị không có hồ sơ trễ hạn ở mọi kỳ; "
                                                   "phê bình đơn vị còn hồ sơ trễ hạn ở kỳ cuối và không ít hơn kỳ đầu; "
                                                   "biểu dương đơn vị có số hồ sơ trễ hạn giảm từ %" G_GINT64_FORMAT " %% trở lên.</i>",
                                                   dates, pct);
          para_full (doc, rule, 9.5, FALSE, PANGO_ALIGN_LEFT, 12, 3);
        }
        for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
          {
            JsonArray *a = arr (rank, lists[l].member);
            g_autoptr(GString) s = g_string_new (NULL);
            for (guint i = 0; a != NULL && i < json_array_get_length (a); i++)
              g_string_append_printf (s, "%s%s", i ? "; " : "", str (json_array_get_object_element (a, i), "name"));
            if (s->len == 0)
              g_string_assign (s, "không có.");
            else
              g_string_append_c (s, '.');
            bullet (doc, lists[l].label, s->str);
          }
      }
      {
        JsonObject *rank8 = obj (ds, "ranking_online_8h");
        JsonArray *a = arr (rank8, "criticise");
        g_autoptr(GString) s8 = g_string_new (NULL);

        for (guint i = 0; a != NULL && i < json_array_get_length (a); i++)
          g_string_append_printf (s8, "%s%s", i ? "; " : "", str (json_array_get_object_element (a, i), "name"));
        if (rank8 != NULL)
          {
            if (s8->len == 0)
              g_string_assign (s8, "không có.");
            else
              g_string_append_c (s8, '.');
            bullet (doc, "Phê bình (hồ sơ trực tuyến quá 8 giờ chưa tiếp nhận không giảm):", s8->str);
          }
      }
    }
}

static void
service_field_reports (Doc *doc)
{
  JsonObject *fr = obj (doc->in->figures, "field_reports");
  JsonArray *trend = arr (fr, "trend");
  g_autofree char *rec = fmt_member (obj (fr, "received"), "value");
  g_autofree char *proc = fmt_member (obj (fr, "processed"), "value");
  g_autofree char *over = fmt_member (obj (fr, "overdue"), "value");
  g_autofree char *dis = fmt_member (obj (fr, "dissatisfied"), "value");
  g_autofree char *open = fmt_member (fr, "open_now");
  g_autofree char *line = g_strdup_printf ("tiếp nhận %s phản ánh, đã xử lý %s, quá hạn %s, "
                                           "người dân không hài lòng %s; đang mở %s phản ánh (chi tiết tại Phụ lục 02).",
                                           rec, proc, over, dis, open);

  heading (doc, "2. Dịch vụ Phản ánh hiện trường", 2);
  bullet (doc, "Hoàn thiện tính năng:",
          "tiếp nhận qua tổng đài, ứng dụng, Zalo, Open311; giao, chuyển, xử lý và theo dõi hạn xử lý theo đơn vị.");
  {
    g_autofree char *src = sources_line (doc->in->figures, (const char *const[]) { "field-reports", NULL },
                                         (const char *const[]) { "dữ liệu phản ánh", NULL });
    g_autofree char *data = g_strdup_printf ("%s.", src != NULL ? src : "phản ánh được tiếp nhận trực tiếp trên hệ thống");
    bullet (doc, "Cập nhật dữ liệu:", data);
  }
  bullet (doc, "Hiệu quả:", line);
  if (trend != NULL && json_array_get_length (trend) > 0)
    {
      guint n = json_array_get_length (trend);
      g_autofree char **labels = g_new0 (char *, n + 1);
      g_autofree double *values = g_new0 (double, n);
      g_autoptr(GPtrArray) own = g_ptr_array_new_with_free_func (g_free);

      for (guint i = 0; i < n; i++)
        {
          JsonObject *t = json_array_get_object_element (trend, i);
          const char *date = str (t, "week_start");
          gint64 v = 0;
          char *l = date != NULL ? g_strdup_printf ("%.2s/%.2s", date + 8, date + 5) : g_strdup ("");
          g_ptr_array_add (own, l);
          labels[i] = l;
          num (t, "received", &v);
          values[i] = v;
        }
      chart_series (doc, "Biểu đồ 3. Phản ánh hiện trường tiếp nhận theo tuần (8 tuần)",
                    labels, values, n, FALSE, 0.20, 0.45, 0.75);
    }
}

static void
service_soc (Doc *doc)
{
  JsonObject *soc = obj (doc->in->figures, "soc");
  JsonArray *cats = arr (soc, "by_category"), *sites = arr (soc, "top_sites"), *trend = arr (soc, "trend");
  g_autofree char *alerts = fmt_member (obj (soc, "alerts"), "value");
  g_autofree char *change = fmt_change (obj (soc, "alerts"));
  g_autofree char *sev = fmt_member (obj (soc, "severe"), "value");
  g_autofree char *line = g_strdup_printf ("%s cảnh báo (thay đổi so với tuần trước: %s), trong đó %s mức nghiêm trọng/cao.",
                                           alerts, change, sev);
  g_autoptr(GString) top = g_string_new (NULL);

  heading (doc, "3. Dịch vụ Giám sát an toàn thông tin mạng (SOC)", 2);
  bullet (doc, "Hoàn thiện tính năng:", "thu nhận, chuẩn hóa và gộp cảnh báo Suricata/Wazuh; phân loại theo mức độ và đơn vị.");
  {
    g_autofree char *src = sources_line (doc->in->figures, (const char *const[]) { "soc", NULL },
                                         (const char *const[]) { "dữ liệu cảnh báo SOC", NULL });
    g_autofree char *data = g_strdup_printf ("%s.", src != NULL ? src : "chưa nhận được dữ liệu cảnh báo");
    bullet (doc, "Cập nhật dữ liệu:", data);
  }
  bullet (doc, "Hiệu quả:", line);
  for (guint i = 0; sites != NULL && i < json_array_get_length (sites); i++)
    {
      JsonObject *s = json_array_get_object_element (sites, i);
      gint64 c = 0;
      num (s, "count", &c);
      g_string_append_printf (top, "%s%s (%" G_GINT64_FORMAT ")", i ? "; " : "", str (s, "name"), c);
    }
  if (top->len > 0)
    bullet (doc, "Hệ thống bị tấn công nhiều nhất:", top->str);
  if (cats != NULL && json_array_get_length (cats) > 0)
    {
      static const Col cols[] = { { "Loại cảnh báo", 0.52, FALSE }, { "Tuần này", 0.24, TRUE }, { "Tuần trước", 0.24, TRUE } };
      g_autoptr(GPtrArray) rows = rows_new ();

      for (guint i = 0; i < json_array_get_length (cats); i++)
        {
          JsonObject *c = json_array_get_object_element (cats, i);
          char **r = g_new0 (char *, 4);
          r[0] = g_strdup (vi_label (str (c, "name")));
          r[1] = fmt_member (c, "count");
          r[2] = fmt_member (c, "previous");
          g_ptr_array_add (rows, r);
        }
      table (doc, cols, G_N_ELEMENTS (cols), rows);
    }
  if (trend != NULL && json_array_get_length (trend) > 0)
    {
      guint n = json_array_get_length (trend);
      g_autofree char **labels = g_new0 (char *, n + 1);
      g_autofree double *values = g_new0 (double, n);
      g_autoptr(GPtrArray) own = g_ptr_array_new_with_free_func (g_free);

      for (guint i = 0; i < n; i++)
        {
          JsonObject *t = json_array_get_object_element (trend, i);
          const char *date = str (t, "week_start");
          gint64 v = 0;
          char *l = date != NULL ? g_strdup_printf ("%.2s/%.2s", date + 8, date + 5) : g_strdup ("");
          g_ptr_array_add (own, l);
          labels[i] = l;
          num (t, "alerts", &v);
          values[i] = v;
        }
      chart_series (doc, "Biểu đồ 4. Cảnh báo an toàn thông tin theo tuần (8 tuần)",
                    labels, values, n, FALSE, 0.35, 0.30, 0.60);
    }
}

static void
service_cameras (Doc *doc)
{
  JsonObject *cam = obj (doc->in->figures, "cameras");
  JsonArray *kinds = arr (cam, "ai_by_kind");
  g_autofree char *total = fmt_member (cam, "total"), *online = fmt_member (cam, "online");
  g_autofree char *offline = fmt_member (cam, "offline"), *unknown = fmt_member (cam, "unknown");
  g_autofree char *ev = fmt_member (obj (cam, "ai_events"), "value");
  g_autofree char *evc = fmt_change (obj (cam, "ai_events"));
  g_autofree char *data = g_strdup_printf ("%s camera kết nối về Trung tâm; hiện trực tuyến %s, mất kết nối %s, chưa có trạng thái %s.",
                                           total, online, offline, unknown);
  g_autoptr(GString) eff = g_string_new (NULL);

  g_string_printf (eff, "%s sự kiện AI trong tuần (thay đổi: %s)", ev, evc);
  for (guint i = 0, k_shown = 0; kinds != NULL && i < json_array_get_length (kinds); i++)
    {
      JsonObject *k = json_array_get_object_element (kinds, i);
      gint64 c = 0;
      num (k, "count", &c);
      if (c == 0)
        continue;
      g_string_append_printf (eff, "%s%s: %" G_GINT64_FORMAT, k_shown++ ? "; " : " — ", vi_label (str (k, "name")), c);
    }
  g_string_append_c (eff, '.');
  heading (doc, "4. Dịch vụ Giám sát an ninh, trật tự và giao thông (camera)", 2);
  bullet (doc, "Hoàn thiện tính năng:",
          "xem trực tiếp camera trên màn hình giám sát; kiểm tra trạng thái kết nối; tiếp nhận sự kiện AI "
          "(vượt đèn đỏ, đám đông, xâm nhập vùng cấm, ùn tắc, biển số) và chuyển Công an tỉnh.");
  {
    g_autofree char *src = sources_line (doc->in->figures, (const char *const[]) { "cameras", "cameras-ai", NULL },
                                         (const char *const[]) { "trạng thái camera", "sự kiện AI", NULL });
    if (src != NULL)
      {
        g_autofree char *full = g_strdup_printf ("%s %s.", data, src);
        bullet (doc, "Cập nhật dữ liệu:", full);
      }
    else
      bullet (doc, "Cập nhật dữ liệu:", data);
  }
  bullet (doc, "Hiệu quả:", eff->str);
}

/* A monthly series against its target (dashed), anomalies ringed. */
static void
chart_indicator (Doc        *doc,
                 const char *title,
                 JsonArray  *series)
{
  cairo_t *cr = doc->cr;
  guint n = json_array_get_length (series);
  double h = 170, top, bottom, left = MARGIN_X + 48, right = MARGIN_X + CONTENT_W - 10;
  double lo = G_MAXDOUBLE, hi = -G_MAXDOUBLE, step;
  double dash[] = { 4, 3 };

  if (n < 2)
    return;
  for (guint i = 0; i < n; i++)
    {
      JsonObject *p = json_array_get_object_element (series, i);
      double v;
      if (real (p, "value", &v))
        lo = MIN (lo, v), hi = MAX (hi, v);
      if (real (p, "target", &v))
        lo = MIN (lo, v), hi = MAX (hi, v);
    }
  if (lo > hi)
    return;
  if (hi - lo < 1e-9)
    hi = lo + 1;
  step = (hi - lo) / 4;
  ensure_space (doc, h + 10);
  top = doc->y + 24;
  bottom = doc->y + h - 30;
#define PX(i) (left + (right - left) * (i) / (double) (n - 1))
#define PY(v) (bottom - (bottom - top) * ((v) - lo) / (hi - lo))
  cairo_save (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  chart_text (doc, title, MARGIN_X + CONTENT_W / 2, doc->y + 8, 10, 0.5);
  cairo_set_line_width (cr, 0.4);
  for (int k = 0; k <= 4; k++)
    {
      double v = lo + step * k, y = PY (v);
      g_autofree char *t = fmt_int ((gint64) llround (v));
      cairo_set_source_rgb (cr, 0.82, 0.82, 0.82);
      cairo_move_to (cr, left, y);
      cairo_line_to (cr, right, y);
      cairo_stroke (cr);
      cairo_set_source_rgb (cr, 0.25, 0.25, 0.25);
      chart_text (doc, t, left - 4, y, 8, 1);
    }
  for (guint i = 0; i < n; i++)
    {
      const char *m = str (json_array_get_object_element (series, i), "month");
      guint every = n <= 8 ? 1 : 3;
      if (m != NULL && strlen (m) >= 7 && (i % every == (n - 1) % every))
        {
          g_autofree char *l = g_strdup_printf ("%.2s/%.2s", m + 5, m + 2);
          cairo_set_source_rgb (cr, 0.25, 0.25, 0.25);
          chart_text (doc, l, PX (i), bottom + 10, 7.5, 0.5);
        }
    }
  /* target, dashed amber; value, blue */
  for (int pass = 0; pass < 2; pass++)
    {
      gboolean open = FALSE;
      for (guint i = 0; i < n; i++)
        {
          double v;
          if (!real (json_array_get_object_element (series, i), pass == 0 ? "target" : "value", &v))
            {
              open = FALSE;
              continue;
            }
          if (open)
            cairo_line_to (cr, PX (i), PY (v));
          else
            cairo_move_to (cr, PX (i), PY (v));
          open = TRUE;
        }
      if (pass == 0)
        {
          cairo_set_dash (cr, dash, 2, 0);
          cairo_set_line_width (cr, 1.2);
          cairo_set_source_rgb (cr, 0.90, 0.55, 0.05);
        }
      else
        {
          cairo_set_dash (cr, NULL, 0, 0);
          cairo_set_line_width (cr, 1.8);
          cairo_set_source_rgb (cr, 0.15, 0.40, 0.75);
        }
      cairo_stroke (cr);
    }
  for (guint i = 0; i < n; i++)
    {
      JsonObject *p = json_array_get_object_element (series, i);
      double v;
      if (str (p, "anomaly") != NULL && real (p, "value", &v))
        {
          cairo_new_path (cr);
          cairo_arc (cr, PX (i), PY (v), 3.6, 0, 2 * G_PI);
          cairo_set_source_rgb (cr, 0.85, 0.15, 0.15);
          cairo_fill (cr);
        }
    }
  cairo_set_source_rgb (cr, 0.3, 0.3, 0.3);
  chart_text (doc, "— thực hiện    - - - kế hoạch    ● cảnh báo bất thường", MARGIN_X + CONTENT_W / 2, bottom + 22, 7.5, 0.5);
  cairo_restore (cr);
#undef PX
#undef PY
  doc->y += h;
}

static void
service_indicators (Doc *doc)
{
  JsonObject *ind = obj (doc->in->figures, "indicators");
  JsonArray *groups = arr (ind, "groups");
  JsonArray *anomalies = arr (ind, "anomaly_list");
  const char *month = str (ind, "month");
  g_autoptr(GString) s = g_string_new (NULL);
  guint with_data = 0, charts = 0;

  heading (doc, "5. Dịch vụ Giám sát, điều hành chỉ tiêu Kinh tế - xã hội", 2);
  bullet (doc, "Hoàn thiện tính năng:",
          "theo dõi 16 nhóm chỉ tiêu theo tháng so với kế hoạch; cảnh báo số liệu bất thường "
          "(biến động lớn so với tháng trước, thấp hơn kế hoạch).");
  if (month == NULL)
    {
      bullet (doc, "Cập nhật dữ liệu:", "chưa có số liệu chỉ tiêu đến tuần báo cáo.");
      return;
    }
  for (guint i = 0; groups != NULL && i < json_array_get_length (groups); i++)
    if (obj (json_array_get_object_element (groups, i), "headline") != NULL)
      with_data++;
  {
    g_autofree char *src = sources_line (doc->in->figures, (const char *const[]) { "indicators", NULL },
                                         (const char *const[]) { "nguồn số liệu", NULL });
    g_autofree char *line = g_strdup_printf ("%u/16 nhóm chỉ tiêu có số liệu, mới nhất tháng %.2s/%.4s%s%s.",
                                             with_data, month + 5, month, src != NULL ? "; " : "", src != NULL ? src : "");
    bullet (doc, "Cập nhật dữ liệu:", line);
  }
  {
    g_autofree char *checked = fmt_member (ind, "checked"), *below = fmt_member (ind, "below_target");
    g_autofree char *an = fmt_member (ind, "anomalies");
    g_string_printf (s, "tháng %.2s/%.4s: %s chỉ tiêu, %s chỉ tiêu chưa đạt kế hoạch; %s cảnh báo bất thường trong 12 tháng",
                     month + 5, month, checked, below, an);
  }
  for (guint i = 0, k = 0; groups != NULL && i < json_array_get_length (groups); i++)
    {
      JsonObject *g = json_array_get_object_element (groups, i);
      gint64 b = 0;
      if (num (g, "anomalies", &b) && b > 0)
        g_string_append_printf (s, "%s%s (%" G_GINT64_FORMAT ")", k++ ? "; " : " — ", str (g, "name_vi"), b);
    }
  g_string_append_c (s, '.');
  bullet (doc, "Hiệu quả:", s->str);
  /* The latest warnings, then the series of the groups that have some. */
  for (guint i = 0; anomalies != NULL && i < json_array_get_length (anomalies) && i < 5; i++)
    {
      JsonObject *a = json_array_get_object_element (anomalies, i);
      const char *code = str (a, "group_code");
      const char *group = code;
      g_autofree char *m = NULL, *line = NULL;

      for (guint k = 0; groups != NULL && k < json_array_get_length (groups); k++)
        if (g_strcmp0 (str (json_array_get_object_element (groups, k), "group_code"), code) == 0)
          group = str (json_array_get_object_element (groups, k), "name_vi");
      m = str (a, "month") != NULL ? g_strdup_printf ("%.2s/%.4s", str (a, "month") + 5, str (a, "month")) : g_strdup ("—");
      {
        /* The figures in Vietnamese (anomaly_detail is an English line). */
        double v, t;
        g_autofree char *value = real (a, "value", &v) ? fmt_int ((gint64) llround (v)) : g_strdup ("—");
        g_autofree char *target = real (a, "target", &t) ? fmt_int ((gint64) llround (t)) : NULL;
        const char *unit = str (a, "unit") != NULL ? str (a, "unit") : "";

        line = target != NULL
               ? g_strdup_printf ("%s — %s, tháng %s: %s; thực hiện %s %s, kế hoạch %s %s.", group, str (a, "indicator"), m,
                                  vi_label (str (a, "anomaly")), value, unit, target, unit)
               : g_strdup_printf ("%s — %s, tháng %s: %s; thực hiện %s %s.", group, str (a, "indicator"), m,
                                  vi_label (str (a, "anomaly")), value, unit);
      }
      bullet (doc, "Cảnh báo:", line);
    }
  for (guint i = 0; groups != NULL && i < json_array_get_length (groups) && charts < 2; i++)
    {
      JsonObject *g = json_array_get_object_element (groups, i);
      JsonObject *h = obj (g, "headline");
      gint64 b = 0;

      if (h == NULL || !num (g, "anomalies", &b) || b == 0)
        continue;
      {
        g_autofree char *title = g_strdup_printf ("Biểu đồ %u. %s — %s (%s), 24 tháng", doc->next_chart++,
                                                  str (g, "name_vi"), str (h, "indicator"),
                                                  str (h, "unit") != NULL ? str (h, "unit") : "");
        chart_indicator (doc, title, arr (h, "series"));
        charts++;
      }
    }
}

static void
free_text_section (Doc        *doc,
                   const char *title,
                   const char *text)
{
  heading (doc, title, 1);
  if (text == NULL || *text == '\0')
    para (doc, "<i>Không có.</i>");
  else
    {
      g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
      for (guint i = 0; lines[i] != NULL; i++)
        {
          g_autofree char *esc = g_markup_escape_text (lines[i], -1);
          if (*g_strstrip (lines[i]) != '\0')
            para (doc, esc);
        }
    }
}

static void
appendix_dossiers (Doc *doc)
{
  JsonObject *ds = obj (doc->in->figures, "dossiers");
  JsonArray *agencies = arr (ds, "by_agency");
  JsonObject *rank = obj (ds, "ranking");
  g_autoptr(GPtrArray) rows = rows_new ();
  g_autofree char *d = fmt_date (str (ds, "date")), *pd = fmt_date (str (ds, "previous_date"));
  g_autofree char *c_now = g_strdup_printf ("Ngày %s", d), *c_prev = g_strdup_printf ("Ngày %s", pd);
  Col cols[] = {
    { "STT", 0.07, TRUE }, { "Đơn vị", 0.37, FALSE }, { c_prev, 0.14, TRUE }, { c_now, 0.14, TRUE },
    { "Trực tuyến quá 8 giờ", 0.13, TRUE }, { "Xếp loại", 0.15, FALSE },
  };
  g_autoptr(GHashTable) ranks = g_hash_table_new (g_str_hash, g_str_equal);
  static const struct { const char *member, *label; } lists[] = {
    { "praise_zero", "Biểu dương" }, { "praise_improved", "Biểu dương" }, { "criticise", "Phê bình" },
  };

  for (guint l = 0; rank != NULL && l < G_N_ELEMENTS (lists); l++)
    {
      JsonArray *a = arr (rank, lists[l].member);
      for (guint i = 0; a != NULL && i < json_array_get_length (a); i++)
        g_hash_table_insert (ranks, (gpointer) str (json_array_get_object_element (a, i), "unit_id"),
                             (gpointer) lists[l].label);
    }
  new_page (doc);
  heading (doc, "PHỤ LỤC 01. THỐNG KÊ SỐ HỒ SƠ TRỄ HẠN CÁC ĐƠN VỊ", 1);
  for (guint i = 0; agencies != NULL && i < json_array_get_length (agencies); i++)
    {
      JsonObject *a = json_array_get_object_element (agencies, i);
      const char *label = g_hash_table_lookup (ranks, str (a, "unit_id"));
      char **r = g_new0 (char *, 7);

      r[0] = g_strdup_printf ("%u", i + 1);
      r[1] = g_strdup (str (a, "name"));
      r[2] = fmt_member (a, "previous");
      r[3] = fmt_member (a, "overdue");
      r[4] = fmt_member (a, "online_8h");
      r[5] = g_strdup (label != NULL ? label : "");
      g_ptr_array_add (rows, r);
    }
  if (rows->len == 0)
    para (doc, "<i>Không có số liệu hồ sơ trễ hạn đến tuần báo cáo.</i>");
  else
    table (doc, cols, G_N_ELEMENTS (cols), rows);
}

static void
appendix_field_reports (Doc *doc)
{
  JsonObject *fr = obj (doc->in->figures, "field_reports");
  JsonArray *units = arr (fr, "by_unit");
  static const Col cols[] = {
    { "STT", 0.07, TRUE }, { "Tên đơn vị", 0.41, FALSE }, { "Tiếp nhận", 0.13, TRUE },
    { "Đã xử lý", 0.13, TRUE }, { "Quá hạn", 0.13, TRUE }, { "Không hài lòng", 0.13, TRUE },
  };
  g_autoptr(GPtrArray) rows = rows_new ();

  heading (doc, "PHỤ LỤC 02. TÌNH HÌNH TIẾP NHẬN VÀ XỬ LÝ PHẢN ÁNH HIỆN TRƯỜNG THEO ĐƠN VỊ", 1);
  for (guint i = 0; units != NULL && i < json_array_get_length (units); i++)
    {
      JsonObject *u = json_array_get_object_element (units, i);
      char **r = g_new0 (char *, 7);

      r[0] = g_strdup_printf ("%u", i + 1);
      r[1] = g_strdup (str (u, "name"));
      r[2] = fmt_member (u, "received");
      r[3] = fmt_member (u, "processed");
      r[4] = fmt_member (u, "overdue");
      r[5] = fmt_member (u, "dissatisfied");
      g_ptr_array_add (rows, r);
    }
  if (rows->len == 0)
    para (doc, "<i>Không có phản ánh nào trong tuần.</i>");
  else
    table (doc, cols, G_N_ELEMENTS (cols), rows);
}

static void
appendix_indicators (Doc *doc)
{
  JsonObject *ind = obj (doc->in->figures, "indicators");
  JsonArray *groups = arr (ind, "groups");
  static const Col cols[] = {
    { "STT", 0.06, TRUE }, { "Nhóm chỉ tiêu", 0.30, FALSE }, { "Chỉ tiêu", 0.18, FALSE }, { "Tháng", 0.09, TRUE },
    { "Thực hiện", 0.13, TRUE }, { "Kế hoạch", 0.13, TRUE }, { "Cảnh báo (12 tháng)", 0.11, TRUE },
  };
  g_autoptr(GPtrArray) rows = rows_new ();

  heading (doc, "PHỤ LỤC 03. CHỈ TIÊU KINH TẾ - XÃ HỘI (16 NHÓM)", 1);
  for (guint i = 0; groups != NULL && i < json_array_get_length (groups); i++)
    {
      JsonObject *g = json_array_get_object_element (groups, i);
      JsonObject *h = obj (g, "headline");
      char **r = g_new0 (char *, 8);
      double v;

      r[0] = g_strdup_printf ("%u", i + 1);
      r[1] = g_strdup (str (g, "name_vi"));
      r[2] = g_strdup (h != NULL ? str (h, "indicator") : "—");
      r[3] = h != NULL && str (h, "month") != NULL ? g_strdup_printf ("%.2s/%.4s", str (h, "month") + 5, str (h, "month"))
                                                   : g_strdup ("—");
      r[4] = h != NULL && real (h, "value", &v) ? fmt_int ((gint64) llround (v)) : g_strdup ("—");
      r[5] = h != NULL && real (h, "target", &v) ? fmt_int ((gint64) llround (v)) : g_strdup ("—");
      r[6] = fmt_member (g, "anomalies");
      g_ptr_array_add (rows, r);
    }
  if (rows->len == 0 || str (ind, "month") == NULL)
    para (doc, "<i>Chưa có số liệu chỉ tiêu kinh tế - xã hội đến tuần báo cáo.</i>");
  else
    table (doc, cols, G_N_ELEMENTS (cols), rows);
}

static void
render (Doc *doc)
{
  doc->page = 1;
  doc->y = MARGIN_TOP;
  doc->next_chart = 5;
  header_block (doc);
  section_overview (doc);
  heading (doc, "II. TÌNH HÌNH CÁC DỊCH VỤ GIÁM SÁT, ĐIỀU HÀNH", 1);
  service_dossiers (doc);
  service_field_reports (doc);
  service_soc (doc);
  service_cameras (doc);
  service_indicators (doc);
  free_text_section (doc, "III. KHÓ KHĂN, VƯỚNG MẮC", doc->in->difficulties);
  free_text_section (doc, "IV. ĐỀ XUẤT, KIẾN NGHỊ", doc->in->proposals);
  {
    g_autofree char *by = g_markup_escape_text (doc->in->generated_by != NULL ? doc->in->generated_by : "iocd", -1);
    g_autofree char *m = g_strdup_printf ("<i>Người lập: %s</i>\n<b>%s</b>", by, "TRUNG TÂM GIÁM SÁT, ĐIỀU HÀNH ĐÔ THỊ THÔNG MINH");
    doc->y += 10;
    para_full (doc, m, 10, FALSE, PANGO_ALIGN_RIGHT, 0, 4);
  }
  appendix_dossiers (doc);
  appendix_field_reports (doc);
  appendix_indicators (doc);
  footer (doc);
  cairo_show_page (doc->cr);
}

static cairo_status_t
discard (void                *closure,
         const unsigned char *data,
         unsigned int         length)
{
  return CAIRO_STATUS_SUCCESS;
}

static guint
render_to (cairo_surface_t      *surface,
           const IocReportInput *in,
           guint                 total_pages)
{
  Doc doc = { 0 };
  g_autofree char *from = fmt_date (str (in->figures, "week_start"));
  g_autofree char *to = fmt_date (str (in->figures, "week_end"));
  cairo_font_options_t *fo = cairo_font_options_create ();

  doc.cr = cairo_create (surface);
  /* A font map of our own: this runs in a worker thread. */
  doc.fontmap = pango_cairo_font_map_new ();
  doc.pango = pango_font_map_create_context (doc.fontmap);
  cairo_font_options_set_hint_metrics (fo, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (fo, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (doc.pango, fo);
  cairo_font_options_destroy (fo);
  /* Sizes are in points: 72 units per inch on a PDF surface. */
  pango_cairo_context_set_resolution (doc.pango, 72);
  pango_cairo_update_context (doc.cr, doc.pango);
  doc.in = in;
  doc.total_pages = total_pages;
  doc.date_line = g_strdup_printf ("%s – %s", from, to);
  render (&doc);
  g_free (doc.date_line);
  g_object_unref (doc.pango);
  g_object_unref (doc.fontmap);
  cairo_destroy (doc.cr);
  return doc.page;
}

gboolean
ioc_report_pdf_write (const IocReportInput *input,
                      const char           *path,
                      guint                *out_pages,
                      GError              **error)
{
  g_autofree char *tmp = g_strdup_printf ("%s.tmp", path);
  cairo_surface_t *s;
  cairo_status_t status;
  guint pages;

  g_return_val_if_fail (input != NULL && input->figures != NULL, FALSE);

  /* Pass 1: count the pages. */
  s = cairo_pdf_surface_create_for_stream (discard, NULL, PAGE_W, PAGE_H);
  pages = render_to (s, input, 0);
  cairo_surface_destroy (s);

  /* Pass 2: the file. */
  s = cairo_pdf_surface_create (tmp, PAGE_W, PAGE_H);
  {
    g_autofree char *title = g_strdup_printf ("Báo cáo tuần %s", str (input->figures, "week_start"));
    cairo_pdf_surface_set_metadata (s, CAIRO_PDF_METADATA_TITLE, title);
    cairo_pdf_surface_set_metadata (s, CAIRO_PDF_METADATA_AUTHOR, ORGANISATION);
    cairo_pdf_surface_set_metadata (s, CAIRO_PDF_METADATA_CREATOR, "iocd");
  }
  render_to (s, input, pages);
  cairo_surface_finish (s);
  status = cairo_surface_status (s);
  cairo_surface_destroy (s);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_unlink (tmp);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", path, cairo_status_to_string (status));
      return FALSE;
    }
  if (g_rename (tmp, path) != 0)
    {
      int e = errno;
      g_unlink (tmp);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (e), "%s: %s", path, g_strerror (e));
      return FALSE;
    }
  if (out_pages != NULL)
    *out_pages = pages;
  return TRUE;
}

