/* cs-chart.c — a time-series chart drawn with GtkSnapshot from CsTimeSeries' downsampled columns
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The plot (axes, grid, lines, markers) is rebuilt into a cached render node only when
 * the data moves (cs_chart_set_latest, a new series, a resize, a new history); the hover
 * read-out is drawn on top of the cached node. Each series is read through
 * cs_time_series_downsample with one column per pixel, so the cost depends on the
 * width of the chart, not on the length of the history.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "cs-agora-stats.h"
#include "cs-chart-geometry.h"
#include "cs-chart.h"

#define MARGIN_RIGHT  12.0
#define MARGIN_TOP    28.0
#define MARGIN_BOTTOM 22.0
/* A gap longer than this (s) between two points breaks the line. */
#define GAP_SECONDS   3.5

typedef struct
{
  CsTimeSeries   *series;
  CsTimeSeries   *measured;
  char           *label;
  guint           color_index;
  CsSeriesColumn *columns;
  CsSeriesColumn *measured_columns;
  guint           n_columns;
} Series;

struct _CsChart
{
  GtkWidget     parent_instance;

  char         *title;
  char         *unit;
  CsChartStyle  style;
  GPtrArray    *series;      /* Series* */
  GArray       *markers;     /* CsChartMarker, shared */
  double        history;     /* s, 0 = all */
  double        anchor;      /* s, < 0 = live */
  double        latest;      /* s */

  GskRenderNode *content;    /* cached plot */
  int           content_width;
  int           content_height;
  double        t0, t1;      /* as last drawn */
  CsChartAxis   axis;
  guint         columns_drawn;
  guint         points_drawn;

  double        hover_x;     /* < 0: none */
  double        margin_left; /* room for the value labels */
};

#define MARGIN_LEFT (self->margin_left)

G_DEFINE_FINAL_TYPE (CsChart, cs_chart, GTK_TYPE_WIDGET)

/* Okabe–Ito, without black (invisible on the dark style) */
static const char *palette[CS_CHART_N_COLORS] = {
  "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
};

void
cs_chart_get_color (guint color_index, GdkRGBA *out)
{
  gdk_rgba_parse (out, palette[color_index % CS_CHART_N_COLORS]);
}

static void
series_free (gpointer data)
{
  Series *s = data;

  g_clear_object (&s->series);
  g_clear_object (&s->measured);
  g_free (s->label);
  g_free (s->columns);
  g_free (s->measured_columns);
  g_free (s);
}

void
cs_chart_invalidate (CsChart *self)
{
  g_return_if_fail (CS_IS_CHART (self));
  g_clear_pointer (&self->content, gsk_render_node_unref);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
get_fg_color (CsChart *self, GdkRGBA *out)
{
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (self)), out);
  G_GNUC_END_IGNORE_DEPRECATIONS
}

static void
set_source (cairo_t *cr, const GdkRGBA *c, double alpha)
{
  cairo_set_source_rgba (cr, c->red, c->green, c->blue, c->alpha * alpha);
}

static gboolean
series_range (CsChart *self, double *first, double *last)
{
  gboolean any = FALSE;

  *first = G_MAXDOUBLE;
  *last = 0;
  for (guint i = 0; i < self->series->len; i++)
    {
      Series *s = g_ptr_array_index (self->series, i);
      double a, b;

      if (cs_time_series_get_range (s->series, &a, &b))
        {
          *first = MIN (*first, a);
          *last = MAX (*last, b);
          any = TRUE;
        }
    }
  if (!any)
    *first = 0;
  return any;
}

static void
show_text (cairo_t *cr, PangoLayout *layout, const char *text, double x, double y, double xalign)
{
  int w, h;

  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_move_to (cr, x - w * xalign, y);
  pango_cairo_show_layout (cr, layout);
}

static double
column_value (CsChart *self, const CsSeriesColumn *c)
{
  return self->style == CS_CHART_STYLE_SCORE ? c->max : c->last;
}

typedef struct
{
  double   x, y;
  gboolean measured;
  gboolean move;     /* start a new line here */
} Point;

static void
draw_series (CsChart *self, cairo_t *cr, Series *s, double px, double py, double pw, double ph,
             GArray *points)
{
  const double col_s = (self->t1 - self->t0) / s->n_columns;
  double last_t = -G_MAXDOUBLE;
  GdkRGBA color;

  cs_chart_get_color (s->color_index, &color);
  g_array_set_size (points, 0);

  /* min–max band, one hairline per column */
  if (self->style == CS_CHART_STYLE_LINE)
    {
      set_source (cr, &color, 0.35);
      cairo_set_line_width (cr, 1.0);
      for (guint i = 0; i < s->n_columns; i++)
        {
          const CsSeriesColumn *c = &s->columns[i];

          if (c->count > 1 && c->max > c->min)
            {
              double x = px + i + 0.5;
              cairo_move_to (cr, x, cs_chart_y_for_value (c->min, self->axis.lo, self->axis.hi, py, ph));
              cairo_line_to (cr, x, cs_chart_y_for_value (c->max, self->axis.lo, self->axis.hi, py, ph));
            }
        }
      cairo_stroke (cr);
    }

  for (guint i = 0; i < s->n_columns; i++)
    {
      const CsSeriesColumn *c = &s->columns[i];
      double t = self->t0 + (i + 0.5) * col_s;
      Point p;

      if (c->count == 0 || !isfinite (column_value (self, c)) || column_value (self, c) < 0)
        continue;
      p.x = px + (i + 0.5) * pw / s->n_columns;
      p.y = cs_chart_y_for_value (column_value (self, c), self->axis.lo, self->axis.hi, py, ph);
      p.measured = s->measured_columns == NULL || s->measured_columns[i].count == 0 ||
                   s->measured_columns[i].last >= 0.5;
      p.move = (t - last_t) > GAP_SECONDS + col_s;
      last_t = t;
      g_array_append_val (points, p);
    }
  self->points_drawn += points->len;

  cairo_set_line_width (cr, 2.0);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  set_source (cr, &color, 1.0);
  /* measured runs solid, estimated runs dashed; each run is one sub-path so the dash
   * pattern flows along it */
  for (int pass = 0; pass < 2; pass++)
    {
      gboolean want_measured = pass == 0;
      gboolean pen_down = FALSE;

      if (pass == 1)
        {
          static const double dash[] = { 5.0, 4.0 };
          cairo_set_dash (cr, dash, 2, 0);
        }
      for (guint i = 0; i < points->len; i++)
        {
          Point *p = &g_array_index (points, Point, i);
          Point *prev = i > 0 ? &g_array_index (points, Point, i - 1) : NULL;

          if (p->measured != want_measured)
            {
              pen_down = FALSE;
              continue;
            }
          if (prev == NULL || p->move)
            {
              /* a lone point still shows */
              cairo_move_to (cr, p->x - 1, p->y);
              cairo_line_to (cr, p->x, p->y);
              pen_down = TRUE;
              continue;
            }
          if (!pen_down)
            cairo_move_to (cr, prev->x, prev->y);
          if (self->style == CS_CHART_STYLE_SCORE)
            cairo_line_to (cr, p->x, prev->y);
          cairo_line_to (cr, p->x, p->y);
          pen_down = TRUE;
        }
      cairo_stroke (cr);
    }
  cairo_set_dash (cr, NULL, 0, 0);
}

/* One legend item (a line in the series' colour and its label) at @x, @y; on a veil when it
 * sits over the plot. */
static void
draw_legend_item (cairo_t *cr, PangoLayout *layout, const GdkRGBA *fg, const Series *s, double x, double y,
                  int lw, int lh, gboolean veil)
{
  GdkRGBA color;

  if (veil)
    {
      cairo_set_source_rgba (cr, 1 - fg->red, 1 - fg->green, 1 - fg->blue, 0.75);
      cairo_rectangle (cr, x - 4, y - 1, 20 + lw + 8, lh + 2);
      cairo_fill (cr);
    }
  cs_chart_get_color (s->color_index, &color);
  set_source (cr, &color, 1.0);
  cairo_set_line_width (cr, 3.0);
  cairo_move_to (cr, x, y + lh / 2.0);
  cairo_line_to (cr, x + 16, y + lh / 2.0);
  cairo_stroke (cr);
  set_source (cr, fg, 0.9);
  pango_layout_set_text (layout, s->label, -1);
  cairo_move_to (cr, x + 20, y);
  pango_cairo_show_layout (cr, layout);
}

/* The title, then the series: on the title's row while they fit, then on a second row over
 * the top of the plot (on a veil), then "+N" for any that still do not fit: a series is never
 * dropped from the legend without a word. The measured/estimated key sits top-right. */
static void
draw_legend (CsChart *self, cairo_t *cr, PangoLayout *layout, const GdkRGBA *fg, double x, double width)
{
  PangoFontDescription *bold = pango_font_description_from_string ("Bold");
  gboolean any_estimated = FALSE;
  static const double dash[] = { 5.0, 4.0 };
  const char *labels[2] = { _("measured"), _("estimated") };
  double kx = width, ky = MARGIN_TOP + 6, limit;
  double row2_x = x + 4, row2_y = MARGIN_TOP + 2;
  guint row = 1;
  int w, h, klw[2] = { 0, 0 }, klh = 0;

  set_source (cr, fg, 1.0);
  pango_layout_set_font_description (layout, bold);
  pango_layout_set_text (layout, self->title, -1);
  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_move_to (cr, 8, 4);
  pango_cairo_show_layout (cr, layout);
  pango_layout_set_font_description (layout, NULL);
  pango_font_description_free (bold);

  for (guint i = 0; i < self->series->len; i++)
    if (((Series *) g_ptr_array_index (self->series, i))->measured != NULL)
      any_estimated = TRUE;
  if (any_estimated)
    {
      for (int k = 0; k < 2; k++)
        {
          pango_layout_set_text (layout, labels[k], -1);
          pango_layout_get_pixel_size (layout, &klw[k], &klh);
        }
      kx = width - MARGIN_RIGHT - 8 - (20 + klw[0] + 12 + 20 + klw[1]) - 8;
    }

  x = MAX (x, 8 + w + 24);
  for (guint i = 0; i < self->series->len; i++)
    {
      Series *s = g_ptr_array_index (self->series, i);
      double more = i + 1 < self->series->len ? 28 : 0; /* room for "+N" while more follow */
      int lw, lh;

      pango_layout_set_text (layout, s->label, -1);
      pango_layout_get_pixel_size (layout, &lw, &lh);
      if (row == 1 && x + 22 + lw > width - MARGIN_RIGHT - more)
        row = 2;
      limit = width - MARGIN_RIGHT - 8 - more;
      if (row == 2 && row2_x + 22 + lw > limit)
        {
          g_autofree char *rest = g_strdup_printf ("+%u", self->series->len - i);
          gboolean second = row2_x > x + 4 || row2_x + 28 <= limit + more;

          set_source (cr, fg, 0.7);
          pango_layout_set_text (layout, rest, -1);
          cairo_move_to (cr, second ? row2_x : x, second ? row2_y : 4);
          pango_cairo_show_layout (cr, layout);
          break;
        }
      if (row == 1)
        {
          draw_legend_item (cr, layout, fg, s, x, 4, lw, lh, FALSE);
          x += 20 + lw + 16;
        }
      else
        {
          draw_legend_item (cr, layout, fg, s, row2_x, row2_y, lw, lh, TRUE);
          row2_x += 20 + lw + 16;
        }
    }
  if (any_estimated)
    {
      /* a key in the plot's top-right corner, below the second legend row when that row
       * reaches it, on a veil so lines under it do not confuse */
      if (row == 2 && row2_x > kx - 14)
        ky = row2_y + klh + 6;
      cairo_set_source_rgba (cr, 1 - fg->red, 1 - fg->green, 1 - fg->blue, 0.75);
      cairo_rectangle (cr, kx - 6, ky - 2, width - MARGIN_RIGHT - 8 - kx + 6, klh + 4);
      cairo_fill (cr);
      for (int k = 0; k < 2; k++)
        {
          set_source (cr, fg, 0.8);
          cairo_set_line_width (cr, 2.0);
          if (k == 1)
            cairo_set_dash (cr, dash, 2, 0);
          cairo_move_to (cr, kx, ky + klh / 2.0);
          cairo_line_to (cr, kx + 16, ky + klh / 2.0);
          cairo_stroke (cr);
          cairo_set_dash (cr, NULL, 0, 0);
          pango_layout_set_text (layout, labels[k], -1);
          cairo_move_to (cr, kx + 20, ky);
          pango_cairo_show_layout (cr, layout);
          kx += 20 + klw[k] + 12;
        }
    }
}

static void
draw_marker (cairo_t *cr, const CsChartMarker *m, double x, double y)
{
  GdkRGBA c;

  if (m->recovery)
    {
      /* recovery: a bluish-green circle */
      gdk_rgba_parse (&c, "#009E73");
      set_source (cr, &c, 1.0);
      cairo_arc (cr, x, y, 3.5, 0, 2 * G_PI);
      cairo_fill (cr);
    }
  else
    {
      /* raise: a vermillion triangle pointing down at the axis */
      gdk_rgba_parse (&c, "#D55E00");
      set_source (cr, &c, 1.0);
      cairo_move_to (cr, x - 4.5, y - 4);
      cairo_line_to (cr, x + 4.5, y - 4);
      cairo_line_to (cr, x, y + 4);
      cairo_close_path (cr);
      cairo_fill (cr);
    }
}

/* Room for the value labels: the score words are longer than numbers. */
static void
update_margin (CsChart *self)
{
  PangoLayout *layout;
  int widest = 0;

  if (self->style != CS_CHART_STYLE_SCORE)
    return;
  layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
  for (guint v = 1; v <= 6; v++)
    {
      g_autofree char *label = g_strdup_printf ("%u %s", v, cs_quality_score_label (v));
      int w, h;

      pango_layout_set_text (layout, label, -1);
      pango_layout_get_pixel_size (layout, &w, &h);
      widest = MAX (widest, w);
    }
  g_object_unref (layout);
  self->margin_left = MAX (64, widest + 12);
}

static void
build_content (CsChart *self, int width, int height)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
  const double px = MARGIN_LEFT, py = MARGIN_TOP;
  const double pw = MAX (width - MARGIN_LEFT - MARGIN_RIGHT, 1);
  const double ph = MAX (height - MARGIN_TOP - MARGIN_BOTTOM, 1);
  const guint n_columns = (guint) pw;
  g_autoptr (GArray) points = g_array_new (FALSE, FALSE, sizeof (Point));
  double first, last, vmax = 0, vmin = 0;
  GdkRGBA fg;
  cairo_t *cr;

  get_fg_color (self, &fg);
  series_range (self, &first, &last);
  last = MAX (last, self->latest);
  cs_chart_visible_range (self->history, first, last, self->anchor, &self->t0, &self->t1);
  self->columns_drawn = 0;
  self->points_drawn = 0;

  /* downsample every series to one column per pixel */
  for (guint i = 0; i < self->series->len; i++)
    {
      Series *s = g_ptr_array_index (self->series, i);

      if (s->n_columns != n_columns)
        {
          s->columns = g_renew (CsSeriesColumn, s->columns, n_columns);
          if (s->measured != NULL)
            s->measured_columns = g_renew (CsSeriesColumn, s->measured_columns, n_columns);
          s->n_columns = n_columns;
        }
      cs_time_series_downsample (s->series, self->t0, self->t1, n_columns, s->columns);
      if (s->measured != NULL)
        cs_time_series_downsample (s->measured, self->t0, self->t1, n_columns, s->measured_columns);
      self->columns_drawn += n_columns;
      for (guint c = 0; c < n_columns; c++)
        if (s->columns[c].count > 0 && isfinite (s->columns[c].max))
          {
            vmax = MAX (vmax, s->columns[c].max);
            vmin = MIN (vmin, s->columns[c].min);
          }
    }

  if (self->style == CS_CHART_STYLE_SCORE)
    {
      self->axis.lo = 0;
      self->axis.hi = 6;
      self->axis.step = 1;
    }
  else
    cs_chart_value_axis (vmin < 0 ? 0 : vmin, vmax * 1.05, MAX (2, (guint) (ph / 40)), &self->axis);

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  /* plot background and grid */
  set_source (cr, &fg, 0.04);
  cairo_rectangle (cr, px, py, pw, ph);
  cairo_fill (cr);
  cairo_set_line_width (cr, 1.0);
  for (double v = self->axis.lo; v <= self->axis.hi + self->axis.step / 2; v += self->axis.step)
    {
      double y = round (cs_chart_y_for_value (v, self->axis.lo, self->axis.hi, py, ph)) + 0.5;
      g_autofree char *label = NULL;

      set_source (cr, &fg, 0.12);
      cairo_move_to (cr, px, y);
      cairo_line_to (cr, px + pw, y);
      cairo_stroke (cr);
      if (self->style == CS_CHART_STYLE_SCORE)
        label = (v < 0.5) ? NULL : g_strdup_printf ("%.0f %s", v, cs_quality_score_label ((guint) v));
      else
        label = cs_chart_format_value (v, self->unit);
      if (label != NULL)
        {
          set_source (cr, &fg, 0.7);
          show_text (cr, layout, label, px - 6, y - 8, 1.0);
        }
    }

  /* time axis */
  {
    double step = cs_chart_time_step (self->t1 - self->t0, pw, 70);
    double t = ceil (self->t0 / step) * step;

    for (; t <= self->t1 + 1e-6; t += step)
      {
        double x = round (cs_chart_x_for_time (t, self->t0, self->t1, px, pw)) + 0.5;
        g_autofree char *label = cs_chart_format_time (t);

        set_source (cr, &fg, 0.08);
        cairo_move_to (cr, x, py);
        cairo_line_to (cr, x, py + ph);
        cairo_stroke (cr);
        set_source (cr, &fg, 0.7);
        /* keep the first and last labels inside the widget */
        {
          int lw, lh;
          double lx;

          pango_layout_set_text (layout, label, -1);
          pango_layout_get_pixel_size (layout, &lw, &lh);
          lx = CLAMP (x - lw / 2.0, px - 8, width - 2 - lw);
          show_text (cr, layout, label, lx, py + ph + 3, 0.0);
        }
      }
  }

  /* series */
  cairo_save (cr);
  cairo_rectangle (cr, px, py - 2, pw, ph + 4);
  cairo_clip (cr);
  for (guint i = 0; i < self->series->len; i++)
    draw_series (self, cr, g_ptr_array_index (self->series, i), px, py, pw, ph, points);
  cairo_restore (cr);

  /* exception markers on the time axis, with a faint line through the plot for raises */
  if (self->markers != NULL)
    for (guint i = 0; i < self->markers->len; i++)
      {
        const CsChartMarker *m = &g_array_index (self->markers, CsChartMarker, i);
        double x;

        if (m->t < self->t0 || m->t > self->t1)
          continue;
        x = round (cs_chart_x_for_time (m->t, self->t0, self->t1, px, pw)) + 0.5;
        if (!m->recovery)
          {
            GdkRGBA c;

            gdk_rgba_parse (&c, "#D55E00");
            set_source (cr, &c, 0.25);
            cairo_move_to (cr, x, py);
            cairo_line_to (cr, x, py + ph);
            cairo_stroke (cr);
          }
        draw_marker (cr, m, x, py + ph);
      }

  /* the moment the charts were moved to */
  if (self->anchor >= 0)
    {
      double x = round (cs_chart_x_for_time (self->anchor, self->t0, self->t1, px, pw)) + 0.5;

      set_source (cr, &fg, 0.6);
      cairo_set_line_width (cr, 1.0);
      cairo_move_to (cr, x, py);
      cairo_line_to (cr, x, py + ph);
      cairo_stroke (cr);
    }

  if (self->series->len == 0 || (self->points_drawn == 0))
    {
      set_source (cr, &fg, 0.5);
      show_text (cr, layout, _("No data yet"), px + pw / 2, py + ph / 2 - 8, 0.5);
    }

  draw_legend (self, cr, layout, &fg, px, width);
  cairo_destroy (cr);
  g_object_unref (layout);

  g_clear_pointer (&self->content, gsk_render_node_unref);
  self->content = gtk_snapshot_free_to_node (snapshot);
  self->content_width = width;
  self->content_height = height;
}

GskRenderNode *
cs_chart_render_node (CsChart *self, int width, int height)
{
  g_return_val_if_fail (CS_IS_CHART (self), NULL);
  g_return_val_if_fail (width > 0 && height > 0, NULL);
  build_content (self, width, height);
  return gsk_render_node_ref (self->content);
}

char *
cs_chart_dup_readout (CsChart *self)
{
  const double pw = MAX (gtk_widget_get_width (GTK_WIDGET (self)) - MARGIN_LEFT - MARGIN_RIGHT, 1);
  GString *text;
  double t;
  g_autofree char *time = NULL;

  g_return_val_if_fail (CS_IS_CHART (self), NULL);
  if (self->hover_x < MARGIN_LEFT || self->hover_x > MARGIN_LEFT + pw || self->content == NULL)
    return NULL;
  t = cs_chart_time_for_x (self->hover_x, self->t0, self->t1, MARGIN_LEFT, pw);
  time = cs_chart_format_time (t);
  text = g_string_new (time);
  for (guint i = 0; i < self->series->len; i++)
    {
      Series *s = g_ptr_array_index (self->series, i);
      double v, m;

      if (!cs_time_series_value_at (s->series, t, &v) || v < 0)
        continue;
      if (self->style == CS_CHART_STYLE_SCORE)
        g_string_append_printf (text, "\n%s: %.0f %s", s->label, v, cs_quality_score_label ((guint) v));
      else
        {
          g_autofree char *value = cs_chart_format_value (v, self->unit);

          g_string_append_printf (text, "\n%s: %s", s->label, value);
          if (s->measured != NULL && cs_time_series_value_at (s->measured, t, &m))
            g_string_append_printf (text, " (%s)", m >= 0.5 ? _("measured") : _("estimated"));
        }
    }
  return g_string_free (text, FALSE);
}

static void
cs_chart_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  CsChart *self = CS_CHART (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  g_autofree char *readout = NULL;

  if (width <= MARGIN_LEFT + MARGIN_RIGHT || height <= MARGIN_TOP + MARGIN_BOTTOM)
    return;
  if (self->content == NULL || self->content_width != width || self->content_height != height)
    build_content (self, width, height);
  gtk_snapshot_append_node (snapshot, self->content);

  readout = cs_chart_dup_readout (self);
  if (readout != NULL)
    {
      PangoLayout *layout = gtk_widget_create_pango_layout (widget, readout);
      const double ph = height - MARGIN_TOP - MARGIN_BOTTOM;
      GdkRGBA fg;
      int w, h;
      double bx;
      cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

      get_fg_color (self, &fg);
      set_source (cr, &fg, 0.7);
      cairo_set_line_width (cr, 1.0);
      cairo_move_to (cr, round (self->hover_x) + 0.5, MARGIN_TOP);
      cairo_line_to (cr, round (self->hover_x) + 0.5, MARGIN_TOP + ph);
      cairo_stroke (cr);

      /* a narrow chart wraps the read-out rather than cutting it */
      pango_layout_set_width (layout, MAX (1, width - 16) * PANGO_SCALE);
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
      pango_layout_get_pixel_size (layout, &w, &h);
      bx = self->hover_x + 10;
      if (bx + w + 12 > width - MARGIN_RIGHT)
        bx = self->hover_x - w - 22;
      /* and always inside the widget */
      bx = CLAMP (bx, 2, MAX (2, width - w - 14));
      /* a box in the inverse colour, readable in both styles */
      cairo_set_source_rgba (cr, 1 - fg.red, 1 - fg.green, 1 - fg.blue, 0.92);
      cairo_rectangle (cr, bx, MARGIN_TOP + 4, w + 12, h + 8);
      cairo_fill (cr);
      set_source (cr, &fg, 0.4);
      cairo_rectangle (cr, bx + 0.5, MARGIN_TOP + 4.5, w + 11, h + 7);
      cairo_stroke (cr);
      set_source (cr, &fg, 1.0);
      cairo_move_to (cr, bx + 6, MARGIN_TOP + 8);
      pango_cairo_show_layout (cr, layout);
      cairo_destroy (cr);
      g_object_unref (layout);
    }
}

static void
update_accessible (CsChart *self)
{
  GString *desc = g_string_new (NULL);

  for (guint i = 0; i < self->series->len; i++)
    {
      Series *s = g_ptr_array_index (self->series, i);
      double t, v;

      if (!cs_time_series_get_last (s->series, &t, &v) || v < 0)
        continue;
      if (desc->len > 0)
        g_string_append (desc, ", ");
      if (self->style == CS_CHART_STYLE_SCORE)
        g_string_append_printf (desc, "%s %.0f %s", s->label, v, cs_quality_score_label ((guint) v));
      else
        {
          g_autofree char *value = cs_chart_format_value (v, self->unit);
          g_string_append_printf (desc, "%s %s", s->label, value);
        }
    }
  if (desc->len == 0)
    g_string_append (desc, _("No data yet"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, self->title,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, desc->str,
                                  -1);
  g_string_free (desc, TRUE);
}

static void
motion_cb (GtkEventControllerMotion *motion, double x, double y, CsChart *self)
{
  cs_chart_set_hover_x (self, x);
}

static void
leave_cb (GtkEventControllerMotion *motion, CsChart *self)
{
  cs_chart_set_hover_x (self, -1);
}

/* Keyboard: Left/Right move the read-out (Shift: faster), Home/End jump, Escape hides it. */
static gboolean
key_pressed_cb (GtkEventControllerKey *key, guint keyval, guint keycode, GdkModifierType state, CsChart *self)
{
  const double left = MARGIN_LEFT;
  const double right = gtk_widget_get_width (GTK_WIDGET (self)) - MARGIN_RIGHT - 1;
  double step = (state & GDK_SHIFT_MASK) ? 40 : 5;
  double x = self->hover_x < 0 ? right : self->hover_x;

  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      x -= self->hover_x < 0 ? 0 : step;
      break;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      x += self->hover_x < 0 ? 0 : step;
      break;
    case GDK_KEY_Home:
      x = left;
      break;
    case GDK_KEY_End:
      x = right;
      break;
    case GDK_KEY_Escape:
      if (self->hover_x < 0)
        return FALSE;
      cs_chart_set_hover_x (self, -1);
      return TRUE;
    default:
      return FALSE;
    }
  cs_chart_set_hover_x (self, CLAMP (x, left, right));
  {
    g_autofree char *readout = cs_chart_dup_readout (self);

    if (readout != NULL)
      gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, readout, -1);
  }
  return TRUE;
}

static void
focus_leave_cb (GtkEventControllerFocus *focus, CsChart *self)
{
  cs_chart_set_hover_x (self, -1);
}

static void
cs_chart_measure (GtkWidget *widget, GtkOrientation orientation, int for_size,
                  int *minimum, int *natural, int *minimum_baseline, int *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 240;
      *natural = 640;
    }
  else
    {
      *minimum = 150;
      *natural = 190;
    }
}

static void
cs_chart_css_changed (GtkWidget *widget, GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (cs_chart_parent_class)->css_changed (widget, change);
  update_margin (CS_CHART (widget));
  cs_chart_invalidate (CS_CHART (widget));
}

static void
cs_chart_dispose (GObject *object)
{
  CsChart *self = CS_CHART (object);

  g_clear_pointer (&self->content, gsk_render_node_unref);
  g_clear_pointer (&self->markers, g_array_unref);
  g_clear_pointer (&self->series, g_ptr_array_unref);
  G_OBJECT_CLASS (cs_chart_parent_class)->dispose (object);
}

static void
cs_chart_finalize (GObject *object)
{
  CsChart *self = CS_CHART (object);

  g_free (self->title);
  g_free (self->unit);
  G_OBJECT_CLASS (cs_chart_parent_class)->finalize (object);
}

static void
cs_chart_class_init (CsChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cs_chart_dispose;
  object_class->finalize = cs_chart_finalize;
  widget_class->snapshot = cs_chart_snapshot;
  widget_class->measure = cs_chart_measure;
  widget_class->css_changed = cs_chart_css_changed;
  gtk_widget_class_set_css_name (widget_class, "chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
cs_chart_init (CsChart *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkEventController *key, *focus;

  self->series = g_ptr_array_new_with_free_func (series_free);
  self->history = 300;
  self->anchor = -1;
  self->hover_x = -1;
  self->margin_left = 64;
  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  key = gtk_event_controller_key_new ();
  g_signal_connect (key, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), key);
  focus = gtk_event_controller_focus_new ();
  g_signal_connect (focus, "leave", G_CALLBACK (focus_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), focus);
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
}

CsChart *
cs_chart_new (const char *title, const char *unit, CsChartStyle style)
{
  CsChart *self = g_object_new (CS_TYPE_CHART, NULL);

  self->title = g_strdup (title);
  self->unit = g_strdup (unit);
  self->style = style;
  update_margin (self);
  update_accessible (self);
  return self;
}

void
cs_chart_set_title (CsChart *self, const char *title)
{
  g_return_if_fail (CS_IS_CHART (self));
  if (g_strcmp0 (self->title, title) == 0)
    return;
  g_free (self->title);
  self->title = g_strdup (title);
  update_accessible (self);
  cs_chart_invalidate (self);
}

const char *
cs_chart_get_title (CsChart *self)
{
  g_return_val_if_fail (CS_IS_CHART (self), NULL);
  return self->title;
}

void
cs_chart_clear_series (CsChart *self)
{
  g_return_if_fail (CS_IS_CHART (self));
  g_ptr_array_set_size (self->series, 0);
  cs_chart_invalidate (self);
}

void
cs_chart_add_series (CsChart *self, CsTimeSeries *series, const char *label,
                     guint color_index, CsTimeSeries *measured)
{
  Series *s;

  g_return_if_fail (CS_IS_CHART (self));
  g_return_if_fail (series != NULL);
  s = g_new0 (Series, 1);
  s->series = g_object_ref (series);
  s->measured = measured != NULL ? g_object_ref (measured) : NULL;
  s->label = g_strdup (label);
  s->color_index = color_index;
  g_ptr_array_add (self->series, s);
  update_accessible (self);
  cs_chart_invalidate (self);
}

guint
cs_chart_get_n_series (CsChart *self)
{
  g_return_val_if_fail (CS_IS_CHART (self), 0);
  return self->series->len;
}

void
cs_chart_set_history (CsChart *self, double seconds)
{
  g_return_if_fail (CS_IS_CHART (self));
  if (self->history == seconds)
    return;
  self->history = seconds;
  cs_chart_invalidate (self);
}

void
cs_chart_set_anchor (CsChart *self, double t)
{
  g_return_if_fail (CS_IS_CHART (self));
  if (self->anchor == t)
    return;
  self->anchor = t;
  cs_chart_invalidate (self);
}

void
cs_chart_set_latest (CsChart *self, double t)
{
  g_return_if_fail (CS_IS_CHART (self));
  self->latest = t;
  update_accessible (self);
  cs_chart_invalidate (self);
}

void
cs_chart_set_markers (CsChart *self, GArray *markers)
{
  g_return_if_fail (CS_IS_CHART (self));
  if (markers != NULL)
    g_array_ref (markers);
  g_clear_pointer (&self->markers, g_array_unref);
  self->markers = markers;
  cs_chart_invalidate (self);
}

void
cs_chart_get_visible_range (CsChart *self, double *t0, double *t1)
{
  g_return_if_fail (CS_IS_CHART (self));
  *t0 = self->t0;
  *t1 = self->t1;
}

guint
cs_chart_get_columns_drawn (CsChart *self)
{
  return self->columns_drawn;
}

guint
cs_chart_get_points_drawn (CsChart *self)
{
  return self->points_drawn;
}

void
cs_chart_set_hover_x (CsChart *self, double x)
{
  g_return_if_fail (CS_IS_CHART (self));
  if (self->hover_x == x)
    return;
  self->hover_x = x;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
