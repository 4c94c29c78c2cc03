/* cs-chart-draw.c — what a CsChart looks like: its plot and its hover read-out, drawn from its state
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Plain functions of a CsChartPlot, a GtkSnapshot, a PangoContext, a colour and a size: no
 * widget is needed, so a chart can be drawn off screen as it is on screen. Each series is read
 * through cs_time_series_downsample with one column per pixel, so the cost depends on the width
 * of the chart, not on the length of the history.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "cs-agora-stats.h"
#include "cs-chart-private.h"

/* A gap longer than this (s) between two points breaks the line. */
#define GAP_SECONDS   3.5

/* Okabe–Ito, without black (invisible on the dark style) */
static const char *palette[CS_CHART_N_COLORS] = {
  "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
};

void
_cs_chart_series_free (gpointer data)
{
  CsChartSeries *s = data;

  g_clear_object (&s->series);
  g_clear_object (&s->measured);
  g_free (s->label);
  g_free (s->columns);
  g_free (s->measured_columns);
  g_free (s);
}

void
cs_chart_get_color (guint color_index, GdkRGBA *out)
{
  gdk_rgba_parse (out, palette[color_index % CS_CHART_N_COLORS]);
}

static void
set_source (cairo_t *cr, const GdkRGBA *c, double alpha)
{
  cairo_set_source_rgba (cr, c->red, c->green, c->blue, c->alpha * alpha);
}

static gboolean
series_range (CsChartPlot *plot, double *first, double *last)
{
  gboolean any = FALSE;

  *first = G_MAXDOUBLE;
  *last = 0;
  for (guint i = 0; i < plot->series->len; i++)
    {
      CsChartSeries *s = g_ptr_array_index (plot->series, i);
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
column_value (CsChartPlot *plot, const CsSeriesColumn *c)
{
  return plot->style == CS_CHART_STYLE_SCORE ? c->max : c->last;
}

typedef struct
{
  double   x, y;
  gboolean measured;
  gboolean move;     /* start a new line here */
} Point;

static void
draw_series (CsChartPlot *plot, cairo_t *cr, CsChartSeries *s, double px, double py, double pw, double ph,
             GArray *points)
{
  const double col_s = (plot->t1 - plot->t0) / s->n_columns;
  double last_t = -G_MAXDOUBLE;
  GdkRGBA color;

  cs_chart_get_color (s->color_index, &color);
  g_array_set_size (points, 0);

  /* min–max band, one hairline per column */
  if (plot->style == CS_CHART_STYLE_LINE)
    {
      set_source (cr, &color, 0.35);
      cairo_set_line_width (cr, 1.0);
      for (guint i = 0; i < s->n_columns; i++)
        {
          const CsSeriesColumn *c = &s->columns[i];

          if (c->count > 1 && c->max > c->min)
            {
              double x = px + i + 0.5;
              cairo_move_to (cr, x, cs_chart_y_for_value (c->min, plot->axis.lo, plot->axis.hi, py, ph));
              cairo_line_to (cr, x, cs_chart_y_for_value (c->max, plot->axis.lo, plot->axis.hi, py, ph));
            }
        }
      cairo_stroke (cr);
    }

  for (guint i = 0; i < s->n_columns; i++)
    {
      const CsSeriesColumn *c = &s->columns[i];
      double t = plot->t0 + (i + 0.5) * col_s;
      Point p;

      if (c->count == 0 || !isfinite (column_value (plot, c)) || column_value (plot, c) < 0)
        continue;
      p.x = px + (i + 0.5) * pw / s->n_columns;
      p.y = cs_chart_y_for_value (column_value (plot, c), plot->axis.lo, plot->axis.hi, py, ph);
      p.measured = s->measured_columns == NULL || s->measured_columns[i].count == 0 ||
                   s->measured_columns[i].last >= 0.5;
      p.move = (t - last_t) > GAP_SECONDS + col_s;
      last_t = t;
      g_array_append_val (points, p);
    }
  plot->points_drawn += points->len;

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
          if (plot->style == CS_CHART_STYLE_SCORE)
            cairo_line_to (cr, p->x, prev->y);
          cairo_line_to (cr, p->x, p->y);
          pen_down = TRUE;
        }
      cairo_stroke (cr);
    }
  cairo_set_dash (cr, NULL, 0, 0);
}

/* The legend's layout: the title, then one entry per series (a line in its colour and its
 * label), then the measured/estimated key, flowing in rows above the plot; a label wider than
 * a third of the chart is ellipsized (its whole text is the entry's tooltip). Sets the entries
 * and margin_top: the plot starts below the last row, so no entry is ever over the data. */
static void
layout_legend (CsChartPlot *plot, PangoLayout *layout, double width)
{
  PangoFontDescription *bold = pango_font_description_from_string ("Bold");
  gboolean any_estimated = FALSE;
  const double right = width - CS_CHART_MARGIN_RIGHT;
  const double max_label = MAX (40, MIN (240, (width - 16) / 3));
  int w, h, lh;
  double x, y = 4, row_h;
  guint n_entries;

  pango_layout_set_font_description (layout, bold);
  pango_layout_set_text (layout, plot->title != NULL ? plot->title : "", -1);
  pango_layout_get_pixel_size (layout, &w, &h);
  pango_layout_set_font_description (layout, NULL);
  pango_font_description_free (bold);
  pango_layout_set_text (layout, "Ag", -1);
  pango_layout_get_pixel_size (layout, NULL, &lh);
  row_h = MAX (h, lh) + 4;
  x = 8 + MIN (w, right - 8) + 18;

  for (guint i = 0; i < plot->series->len; i++)
    if (((CsChartSeries *) g_ptr_array_index (plot->series, i))->measured != NULL)
      any_estimated = TRUE;
  n_entries = plot->series->len + (any_estimated ? 2 : 0);
  plot->n_legend = 0;
  for (guint i = 0; i < n_entries && plot->n_legend < CS_CHART_MAX_LEGEND; i++)
    {
      CsChartLegendItem *item = &plot->legend[plot->n_legend];
      const char *label;
      int lw;

      if (i < plot->series->len)
        {
          label = ((CsChartSeries *) g_ptr_array_index (plot->series, i))->label;
          item->series = (int) i;
        }
      else
        {
          item->series = i == plot->series->len ? CS_CHART_LEGEND_MEASURED : CS_CHART_LEGEND_ESTIMATED;
          label = item->series == CS_CHART_LEGEND_MEASURED ? _("measured") : _("estimated");
        }
      if (plot->n_legend + 1 == CS_CHART_MAX_LEGEND && i + 1 < n_entries)
        {
          item->series = CS_CHART_LEGEND_MORE;
          label = "+99";
        }
      pango_layout_set_text (layout, label != NULL ? label : "", -1);
      pango_layout_get_pixel_size (layout, &lw, NULL);
      item->ellipsized = lw > max_label;
      item->width = 20 + MIN (lw, max_label) + 6;
      item->height = lh;
      if (x + item->width > right && x > 8)
        {
          x = 8;
          y += row_h;
        }
      item->x = x;
      item->y = y + (row_h - 4 - lh) / 2;
      x += item->width + 12;
      plot->n_legend++;
    }
  plot->margin_top = MAX (CS_CHART_MARGIN_TOP, ceil (y + row_h + 3));
}

const CsChartLegendItem *
cs_chart_draw_legend_at (const CsChartPlot *plot, double x, double y)
{
  for (guint i = 0; i < plot->n_legend; i++)
    {
      const CsChartLegendItem *item = &plot->legend[i];

      if (x >= item->x - 2 && x <= item->x + item->width + 2 && y >= item->y - 2 && y <= item->y + item->height + 2)
        return item;
    }
  return NULL;
}

/* The title and the entries laid out by layout_legend(); a hidden series' entry is dimmed and
 * struck through. */
static void
draw_legend (CsChartPlot *plot, cairo_t *cr, PangoLayout *layout, const GdkRGBA *fg, double width)
{
  PangoFontDescription *bold = pango_font_description_from_string ("Bold");
  static const double dash[] = { 5.0, 4.0 };
  const double max_label = MAX (40, MIN (240, (width - 16) / 3));

  set_source (cr, fg, 1.0);
  pango_layout_set_font_description (layout, bold);
  pango_layout_set_text (layout, plot->title != NULL ? plot->title : "", -1);
  pango_layout_set_width (layout, (int) MAX (1, width - CS_CHART_MARGIN_RIGHT - 16) * PANGO_SCALE);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  cairo_move_to (cr, 8, 4);
  pango_cairo_show_layout (cr, layout);
  pango_layout_set_font_description (layout, NULL);
  pango_font_description_free (bold);
  pango_layout_set_width (layout, (int) (max_label * PANGO_SCALE));

  for (guint i = 0; i < plot->n_legend; i++)
    {
      const CsChartLegendItem *item = &plot->legend[i];
      const double mid = item->y + item->height / 2.0;
      gboolean hidden = FALSE;
      const char *label;
      GdkRGBA color;

      if (item->series >= 0)
        {
          const CsChartSeries *s = g_ptr_array_index (plot->series, item->series);

          hidden = s->hidden;
          label = s->label != NULL ? s->label : "";
          cs_chart_get_color (s->color_index, &color);
          set_source (cr, &color, hidden ? 0.3 : 1.0);
          cairo_set_line_width (cr, 3.0);
        }
      else if (item->series == CS_CHART_LEGEND_MORE)
        {
          g_autofree char *more = g_strdup_printf ("+%u", plot->series->len - (CS_CHART_MAX_LEGEND - 1));

          set_source (cr, fg, 0.7);
          pango_layout_set_text (layout, more, -1);
          cairo_move_to (cr, item->x, item->y);
          pango_cairo_show_layout (cr, layout);
          continue;
        }
      else
        {
          label = item->series == CS_CHART_LEGEND_MEASURED ? _("measured") : _("estimated");
          set_source (cr, fg, 0.8);
          cairo_set_line_width (cr, 2.0);
          if (item->series == CS_CHART_LEGEND_ESTIMATED)
            cairo_set_dash (cr, dash, 2, 0);
        }
      cairo_move_to (cr, item->x, mid);
      cairo_line_to (cr, item->x + 16, mid);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
      set_source (cr, fg, hidden ? 0.4 : 0.9);
      pango_layout_set_text (layout, label, -1);
      cairo_move_to (cr, item->x + 20, item->y);
      pango_cairo_show_layout (cr, layout);
      if (hidden)
        {
          cairo_set_line_width (cr, 1.0);
          cairo_move_to (cr, item->x + 20, round (mid) + 0.5);
          cairo_line_to (cr, item->x + item->width - 6, round (mid) + 0.5);
          cairo_stroke (cr);
        }
    }
  pango_layout_set_width (layout, -1);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_NONE);
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
void
cs_chart_draw_update_margin (CsChartPlot *plot, PangoContext *context)
{
  PangoLayout *layout;
  int widest = 0;

  if (plot->style != CS_CHART_STYLE_SCORE)
    return;
  layout = pango_layout_new (context);
  for (guint v = 1; v <= 6; v++)
    {
      g_autofree char *label = g_strdup_printf ("%u %s", v, cs_quality_score_label (v));
      int w, h;

      pango_layout_set_text (layout, label, -1);
      pango_layout_get_pixel_size (layout, &w, &h);
      widest = MAX (widest, w);
    }
  g_object_unref (layout);
  plot->margin_left = MAX (64, widest + 12);
}

void
cs_chart_draw_plot (CsChartPlot *plot, GtkSnapshot *snapshot, PangoContext *context, const GdkRGBA *fg,
                    int width, int height)
{
  PangoLayout *layout = pango_layout_new (context);
  const double px = plot->margin_left;
  const double pw = MAX (width - plot->margin_left - CS_CHART_MARGIN_RIGHT, 1);
  double py, ph;
  const guint n_columns = (guint) pw;
  g_autoptr (GArray) points = g_array_new (FALSE, FALSE, sizeof (Point));
  double first, last, vmax = 0, vmin = 0;
  cairo_t *cr;

  layout_legend (plot, layout, width);
  py = plot->margin_top;
  ph = MAX (height - py - CS_CHART_MARGIN_BOTTOM, 1);
  series_range (plot, &first, &last);
  last = MAX (last, plot->latest);
  if (plot->fixed_range && plot->range_t1 > plot->range_t0)
    {
      plot->t0 = plot->range_t0;
      plot->t1 = plot->range_t1;
    }
  else
    cs_chart_visible_range (plot->history, first, last, plot->anchor, &plot->t0, &plot->t1);
  plot->columns_drawn = 0;
  plot->points_drawn = 0;

  /* downsample every series to one column per pixel */
  for (guint i = 0; i < plot->series->len; i++)
    {
      CsChartSeries *s = g_ptr_array_index (plot->series, i);

      if (s->n_columns != n_columns)
        {
          s->columns = g_renew (CsSeriesColumn, s->columns, n_columns);
          if (s->measured != NULL)
            s->measured_columns = g_renew (CsSeriesColumn, s->measured_columns, n_columns);
          s->n_columns = n_columns;
        }
      cs_time_series_downsample (s->series, plot->t0, plot->t1, n_columns, s->columns);
      if (s->measured != NULL)
        cs_time_series_downsample (s->measured, plot->t0, plot->t1, n_columns, s->measured_columns);
      plot->columns_drawn += n_columns;
      if (s->hidden)
        continue;
      for (guint c = 0; c < n_columns; c++)
        if (s->columns[c].count > 0 && isfinite (s->columns[c].max))
          {
            vmax = MAX (vmax, s->columns[c].max);
            vmin = MIN (vmin, s->columns[c].min);
          }
    }

  if (plot->style == CS_CHART_STYLE_SCORE)
    {
      plot->axis.lo = 0;
      plot->axis.hi = 6;
      plot->axis.step = 1;
    }
  else
    cs_chart_value_axis (vmin < 0 ? 0 : vmin, vmax * 1.05, MAX (2, (guint) (ph / 40)), &plot->axis);

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  /* plot background and grid */
  set_source (cr, fg, 0.04);
  cairo_rectangle (cr, px, py, pw, ph);
  cairo_fill (cr);
  cairo_set_line_width (cr, 1.0);
  for (double v = plot->axis.lo; v <= plot->axis.hi + plot->axis.step / 2; v += plot->axis.step)
    {
      double y = round (cs_chart_y_for_value (v, plot->axis.lo, plot->axis.hi, py, ph)) + 0.5;
      g_autofree char *label = NULL;

      set_source (cr, fg, 0.12);
      cairo_move_to (cr, px, y);
      cairo_line_to (cr, px + pw, y);
      cairo_stroke (cr);
      if (plot->style == CS_CHART_STYLE_SCORE)
        label = (v < 0.5) ? NULL : g_strdup_printf ("%.0f %s", v, cs_quality_score_label ((guint) v));
      else
        label = cs_chart_format_value (v, plot->unit);
      if (label != NULL)
        {
          set_source (cr, fg, 0.7);
          show_text (cr, layout, label, px - 6, y - 8, 1.0);
        }
    }

  /* time axis */
  {
    /* a time of day is wider than a call time */
    double step = cs_chart_time_step (plot->t1 - plot->t0, pw, isnan (plot->origin) ? 70 : 96);
    double t = ceil (plot->t0 / step) * step;

    for (; t <= plot->t1 + 1e-6; t += step)
      {
        double x = round (cs_chart_x_for_time (t, plot->t0, plot->t1, px, pw)) + 0.5;
        g_autofree char *label = cs_chart_format_clock (t, plot->origin);

        set_source (cr, fg, 0.08);
        cairo_move_to (cr, x, py);
        cairo_line_to (cr, x, py + ph);
        cairo_stroke (cr);
        set_source (cr, fg, 0.7);
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

  /* the selected range, under the lines */
  if (isfinite (plot->sel_t0) && isfinite (plot->sel_t1) && plot->sel_t1 > plot->sel_t0 &&
      plot->sel_t1 > plot->t0 && plot->sel_t0 < plot->t1)
    {
      double x0 = cs_chart_x_for_time (MAX (plot->sel_t0, plot->t0), plot->t0, plot->t1, px, pw);
      double x1 = cs_chart_x_for_time (MIN (plot->sel_t1, plot->t1), plot->t0, plot->t1, px, pw);

      set_source (cr, fg, 0.14);
      cairo_rectangle (cr, x0, py, MAX (x1 - x0, 1), ph);
      cairo_fill (cr);
    }

  /* series */
  cairo_save (cr);
  cairo_rectangle (cr, px, py - 2, pw, ph + 4);
  cairo_clip (cr);
  for (guint i = 0; i < plot->series->len; i++)
    if (!((CsChartSeries *) g_ptr_array_index (plot->series, i))->hidden)
      draw_series (plot, cr, g_ptr_array_index (plot->series, i), px, py, pw, ph, points);
  cairo_restore (cr);

  /* exception markers on the time axis, with a faint line through the plot for raises */
  if (plot->markers != NULL)
    for (guint i = 0; i < plot->markers->len; i++)
      {
        const CsChartMarker *m = &g_array_index (plot->markers, CsChartMarker, i);
        double x;

        if (m->t < plot->t0 || m->t > plot->t1)
          continue;
        x = round (cs_chart_x_for_time (m->t, plot->t0, plot->t1, px, pw)) + 0.5;
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
  if (plot->anchor >= 0)
    {
      double x = round (cs_chart_x_for_time (plot->anchor, plot->t0, plot->t1, px, pw)) + 0.5;

      set_source (cr, fg, 0.6);
      cairo_set_line_width (cr, 1.0);
      cairo_move_to (cr, x, py);
      cairo_line_to (cr, x, py + ph);
      cairo_stroke (cr);
    }

  if (plot->series->len == 0 || (plot->points_drawn == 0))
    {
      set_source (cr, fg, 0.5);
      show_text (cr, layout, _("No data yet"), px + pw / 2, py + ph / 2 - 8, 0.5);
    }

  draw_legend (plot, cr, layout, fg, width);
  cairo_destroy (cr);
  g_object_unref (layout);
}

void
cs_chart_draw_readout (GtkSnapshot *snapshot, PangoContext *context, const GdkRGBA *fg, const char *text,
                       double x, int width, int height)
{
  PangoLayout *layout = pango_layout_new (context);
  const double ph = height - CS_CHART_MARGIN_TOP - CS_CHART_MARGIN_BOTTOM;
  int w, h;
  double bx;
  cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  pango_layout_set_text (layout, text, -1);
  set_source (cr, fg, 0.7);
  cairo_set_line_width (cr, 1.0);
  cairo_move_to (cr, round (x) + 0.5, CS_CHART_MARGIN_TOP);
  cairo_line_to (cr, round (x) + 0.5, CS_CHART_MARGIN_TOP + ph);
  cairo_stroke (cr);

  /* a narrow chart wraps the read-out rather than cutting it */
  pango_layout_set_width (layout, MAX (1, width - 16) * PANGO_SCALE);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_get_pixel_size (layout, &w, &h);
  bx = x + 10;
  if (bx + w + 12 > width - CS_CHART_MARGIN_RIGHT)
    bx = x - w - 22;
  /* and always inside the widget */
  bx = CLAMP (bx, 2, MAX (2, width - w - 14));
  /* a box in the inverse colour, readable in both styles */
  cairo_set_source_rgba (cr, 1 - fg->red, 1 - fg->green, 1 - fg->blue, 0.92);
  cairo_rectangle (cr, bx, CS_CHART_MARGIN_TOP + 4, w + 12, h + 8);
  cairo_fill (cr);
  set_source (cr, fg, 0.4);
  cairo_rectangle (cr, bx + 0.5, CS_CHART_MARGIN_TOP + 4.5, w + 11, h + 7);
  cairo_stroke (cr);
  set_source (cr, fg, 1.0);
  cairo_move_to (cr, bx + 6, CS_CHART_MARGIN_TOP + 8);
  pango_cairo_show_layout (cr, layout);
  cairo_destroy (cr);
  g_object_unref (layout);
}

