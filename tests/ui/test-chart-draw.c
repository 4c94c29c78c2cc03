/* test-chart-draw.c — CsChart's drawing off screen: a CsChartPlot with known series, no widget,
 * drawn into a GtkSnapshot and rendered into a cairo image surface
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gtk/gtk.h>
#include <math.h>

#include "cs-chart-private.h"

#define WIDTH  600
#define HEIGHT 200

/* A plot as a new CsChart starts it. */
static void
plot_init (CsChartPlot *plot, const char *title, const char *unit, CsChartStyle style)
{
  *plot = (CsChartPlot) {
    .title = g_strdup (title),
    .unit = g_strdup (unit),
    .style = style,
    .series = g_ptr_array_new_with_free_func (_cs_chart_series_free),
    .history = 300,
    .anchor = -1,
    .margin_left = 64,
  };
}

static void
plot_clear (CsChartPlot *plot)
{
  g_clear_pointer (&plot->series, g_ptr_array_unref);
  g_clear_pointer (&plot->markers, g_array_unref);
  g_clear_pointer (&plot->title, g_free);
  g_clear_pointer (&plot->unit, g_free);
}

/* Adds an empty series; with a 0/1 @measured series when @estimates. */
static CsChartSeries *
plot_add_series (CsChartPlot *plot, const char *label, guint color_index, gboolean estimates)
{
  CsChartSeries *s = g_new0 (CsChartSeries, 1);

  s->series = cs_time_series_new (3600);
  s->measured = estimates ? cs_time_series_new (3600) : NULL;
  s->label = g_strdup (label);
  s->color_index = color_index;
  g_ptr_array_add (plot->series, s);
  return s;
}

/* Adds a series of @value at every second of [0, @seconds); @measured: -1 none, else its 0/1 value. */
static void
plot_add_constant (CsChartPlot *plot, const char *label, guint color_index, double value, int seconds,
                   int measured)
{
  CsChartSeries *s = plot_add_series (plot, label, color_index, measured >= 0);

  for (int t = 0; t < seconds; t++)
    {
      cs_time_series_append (s->series, t, value);
      if (s->measured != NULL)
        cs_time_series_append (s->measured, t, measured);
    }
}

/* where the text is laid out: a font map's context, not a widget's */
static PangoContext *context;

/* Renders @node on white into a new image surface of WIDTH × HEIGHT. */
static cairo_surface_t *
render (GskRenderNode *node)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  cairo_t *cr = cairo_create (surface);

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  gsk_render_node_draw (node, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

/* Draws @plot in black off screen; checks the node covers exactly the chart. */
static cairo_surface_t *
draw (CsChartPlot *plot)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr (GskRenderNode) node = NULL;
  const GdkRGBA black = { 0, 0, 0, 1 };
  graphene_rect_t bounds;

  cs_chart_draw_plot (plot, snapshot, context, &black, WIDTH, HEIGHT);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  gsk_render_node_get_bounds (node, &bounds);
  g_assert_cmpfloat (bounds.origin.x, ==, 0);
  g_assert_cmpfloat (bounds.origin.y, ==, 0);
  g_assert_cmpfloat (bounds.size.width, ==, WIDTH);
  g_assert_cmpfloat (bounds.size.height, ==, HEIGHT);
  return render (node);
}

static void
pixel (cairo_surface_t *surface, int x, int y, GdkRGBA *out)
{
  const guchar *data = cairo_image_surface_get_data (surface);
  const guint32 p = *(const guint32 *) (data + y * cairo_image_surface_get_stride (surface) + x * 4);

  /* opaque (painted on white): no premultiplication to undo */
  out->red = ((p >> 16) & 0xff) / 255.0;
  out->green = ((p >> 8) & 0xff) / 255.0;
  out->blue = (p & 0xff) / 255.0;
  out->alpha = 1;
}

static gboolean
near (const GdkRGBA *a, const GdkRGBA *b)
{
  return fabs (a->red - b->red) < 0.12 && fabs (a->green - b->green) < 0.12 && fabs (a->blue - b->blue) < 0.12;
}

/* The share of the pixel columns in [@x0, @x1) that have @color in some row of [@y0, @y1]. */
static double
coverage (cairo_surface_t *surface, int x0, int x1, int y0, int y1, const GdkRGBA *color)
{
  guint covered = 0;

  g_assert_cmpint (x0, <, x1);
  for (int x = x0; x < x1; x++)
    {
      gboolean hit = FALSE;

      for (int y = y0; y <= y1 && !hit; y++)
        {
          GdkRGBA c;

          pixel (surface, x, y, &c);
          hit = near (&c, color);
        }
      covered += hit;
    }
  return (double) covered / (x1 - x0);
}

static int
y_for (const CsChartPlot *plot, double v)
{
  const double ph = HEIGHT - plot->margin_top - CS_CHART_MARGIN_BOTTOM;

  return (int) floor (cs_chart_y_for_value (v, plot->axis.lo, plot->axis.hi, plot->margin_top, ph));
}

static int
x_for (const CsChartPlot *plot, double t)
{
  const double pw = WIDTH - plot->margin_left - CS_CHART_MARGIN_RIGHT;

  return (int) floor (cs_chart_x_for_time (t, plot->t0, plot->t1, plot->margin_left, pw));
}

/* A measured line (solid) at 30 ms and an estimated one (dashed) at 10 ms, a minute of each. */
static void
test_lines (void)
{
  const guint n_columns = (guint) (WIDTH - 64 - CS_CHART_MARGIN_RIGHT);
  CsChartPlot plot;
  cairo_surface_t *surface;
  GdkRGBA solid, dashed;
  double on_solid, on_dashed, between;
  int x0, x1;

  plot_init (&plot, "Delays", "ms", CS_CHART_STYLE_LINE);
  plot.history = 60;
  plot.latest = 59;
  plot_add_constant (&plot, "end2EndDelay", 0, 30, 60, -1);
  plot_add_constant (&plot, "receiveDelay", 1, 10, 60, 0);
  cs_chart_get_color (0, &solid);
  cs_chart_get_color (1, &dashed);

  surface = draw (&plot);

  /* what the drawing found: the last minute, an axis over both lines, a point per second */
  g_assert_cmpfloat (plot.t0, ==, 0);
  g_assert_cmpfloat (plot.t1, ==, 60);
  g_assert_cmpfloat (plot.axis.lo, ==, 0);
  g_assert_cmpfloat (plot.axis.hi, >=, 30);
  g_assert_cmpuint (plot.columns_drawn, ==, 2 * n_columns);
  g_assert_cmpuint (plot.points_drawn, ==, 120);

  /* from the first second to the last, below the legend's key in the top-right corner */
  x0 = x_for (&plot, 1);
  x1 = x_for (&plot, 58);
  on_solid = coverage (surface, x0, x1, y_for (&plot, 30) - 1, y_for (&plot, 30) + 1, &solid);
  on_dashed = coverage (surface, x0, x1, y_for (&plot, 10) - 1, y_for (&plot, 10) + 1, &dashed);
  between = coverage (surface, x0, x1, y_for (&plot, 20) - 3, y_for (&plot, 20) + 3, &solid) +
            coverage (surface, x0, x1, y_for (&plot, 20) - 3, y_for (&plot, 20) + 3, &dashed);
  g_test_message ("solid line in %.0f %% of its columns, dashed %.0f %%, between them %.0f %%",
                  on_solid * 100, on_dashed * 100, between * 100);
  g_assert_cmpfloat (on_solid, >, 0.98);
  /* dashes of 5 px every 9 px (their antialiased ends are not counted) */
  g_assert_cmpfloat (on_dashed, >, 0.35);
  g_assert_cmpfloat (on_dashed, <, 0.70);
  g_assert_cmpfloat (between, ==, 0);
  /* the lines stay in the plot: none in the value labels' margin */
  g_assert_cmpfloat (coverage (surface, 0, 60, CS_CHART_MARGIN_TOP, HEIGHT - 1, &solid), ==, 0);

  cairo_surface_destroy (surface);
  plot_clear (&plot);
}

/* Scores step (they do not slope): 1 for the first half minute, 4 after, one every 3 s; a raise
 * and a recovery marked on the time axis. */
static void
test_score_steps (void)
{
  CsChartPlot plot;
  CsChartSeries *s;
  cairo_surface_t *surface;
  GdkRGBA color, raise = { 0xD5 / 255.0, 0x5E / 255.0, 0, 1 };
  const CsChartMarker markers[] = { { 30, FALSE }, { 45, TRUE } };
  const int bottom = HEIGHT - (int) CS_CHART_MARGIN_BOTTOM;
  int x1, x30, x57;

  plot_init (&plot, "Uplink quality", NULL, CS_CHART_STYLE_SCORE);
  cs_chart_draw_update_margin (&plot, context);
  g_assert_cmpfloat (plot.margin_left, >=, 64);
  plot.history = 60;
  plot.latest = 59;
  s = plot_add_series (&plot, "user-1", 1, FALSE);
  for (int t = 0; t < 60; t += 3)
    cs_time_series_append (s->series, t, t < 30 ? 1 : 4);
  plot.markers = g_array_new (FALSE, FALSE, sizeof (CsChartMarker));
  g_array_append_vals (plot.markers, markers, G_N_ELEMENTS (markers));
  cs_chart_get_color (1, &color);

  surface = draw (&plot);

  g_assert_cmpfloat (plot.axis.lo, ==, 0);
  g_assert_cmpfloat (plot.axis.hi, ==, 6);
  g_assert_cmpuint (plot.points_drawn, ==, 20);
  x1 = x_for (&plot, 1);
  x30 = x_for (&plot, 30);
  x57 = x_for (&plot, 57);
  g_assert_cmpfloat (coverage (surface, x1, x30 - 2, y_for (&plot, 1) - 1, y_for (&plot, 1) + 1, &color), >, 0.98);
  g_assert_cmpfloat (coverage (surface, x30 + 2, x57, y_for (&plot, 4) - 1, y_for (&plot, 4) + 1, &color), >, 0.98);
  /* the step is vertical, at the second the score changed, nowhere before it */
  for (double v = 2; v <= 3; v++)
    {
      g_assert_cmpfloat (coverage (surface, x30 - 2, x30 + 3, y_for (&plot, v), y_for (&plot, v), &color), >, 0);
      g_assert_cmpfloat (coverage (surface, x1, x30 - 2, y_for (&plot, v), y_for (&plot, v), &color), ==, 0);
    }
  /* the raise's triangle sits on the time axis */
  g_assert_cmpfloat (coverage (surface, x30 - 3, x30 + 4, bottom - 3, bottom + 3, &raise), >, 0.5);

  cairo_surface_destroy (surface);
  plot_clear (&plot);
}

/* No series: "No data yet" in the middle of the plot, and nothing in a series' colour. */
static void
test_empty (void)
{
  CsChartPlot plot;
  cairo_surface_t *surface;
  GdkRGBA color;
  guint dark = 0;

  plot_init (&plot, "Packet loss", "%", CS_CHART_STYLE_LINE);
  surface = draw (&plot);
  g_assert_cmpuint (plot.points_drawn, ==, 0);
  for (guint i = 0; i < CS_CHART_N_COLORS; i++)
    {
      cs_chart_get_color (i, &color);
      g_assert_cmpfloat (coverage (surface, 0, WIDTH, 0, HEIGHT - 1, &color), ==, 0);
    }
  for (int y = HEIGHT / 2 - 20; y < HEIGHT / 2 + 20; y++)
    for (int x = WIDTH / 2 - 40; x < WIDTH / 2 + 80; x++)
      {
        GdkRGBA c;

        pixel (surface, x, y, &c);
        dark += c.red < 0.8;
      }
  g_assert_cmpuint (dark, >, 20);
  cairo_surface_destroy (surface);
  plot_clear (&plot);
}

/* The read-out: a line through the plot at the pointer and a box beside it, in the plot's frame. */
static void
test_readout (void)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr (GskRenderNode) node = NULL;
  const GdkRGBA black = { 0, 0, 0, 1 };
  cairo_surface_t *surface;
  GdkRGBA c;
  guint line = 0;

  cs_chart_draw_readout (snapshot, context, &black, "0:30\nuser-1: 50 ms", 200, WIDTH, HEIGHT);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  surface = render (node);
  /* the line: grey (black at 0.7 on white) in every row of the plot, left of the box */
  for (int y = (int) CS_CHART_MARGIN_TOP; y < HEIGHT - (int) CS_CHART_MARGIN_BOTTOM; y++)
    {
      pixel (surface, 200, y, &c);
      line += c.red < 0.5;
    }
  g_assert_cmpuint (line, ==, HEIGHT - (guint) (CS_CHART_MARGIN_TOP + CS_CHART_MARGIN_BOTTOM));
  /* the box's frame starts 10 px to the right, 4 px below the plot's top */
  pixel (surface, 210, (int) CS_CHART_MARGIN_TOP + 20, &c);
  g_assert_cmpfloat (c.red, <, 0.8);
  pixel (surface, 205, (int) CS_CHART_MARGIN_TOP + 20, &c);
  g_assert_cmpfloat (c.red, ==, 1);
  cairo_surface_destroy (surface);
}

/* Counts the pixels of @color in [@x0, @x1) × [@y0, @y1) that are not in a legend entry's swatch. */
static guint
count_outside_swatches (cairo_surface_t *surface, const CsChartPlot *plot, int x0, int x1, int y0, int y1,
                        const GdkRGBA *color)
{
  guint n = 0;

  for (int y = MAX (y0, 0); y < MIN (y1, HEIGHT); y++)
    for (int x = MAX (x0, 0); x < MIN (x1, WIDTH); x++)
      {
        gboolean swatch = FALSE;
        GdkRGBA c;

        pixel (surface, x, y, &c);
        if (!near (&c, color))
          continue;
        for (guint i = 0; i < plot->n_legend && !swatch; i++)
          swatch = x >= plot->legend[i].x - 1 && x <= plot->legend[i].x + 17 &&
                   y >= plot->legend[i].y - 2 && y <= plot->legend[i].y + plot->legend[i].height + 2;
        n += !swatch;
      }
  return n;
}

/* The legend sits above the plot, never over it: four series with long names and their lines at
 * the top of the plot, where the legend used to be drawn. Every series has its entry (long names
 * ellipsized, none dropped), no entry reaches into the plot, and no line pixel is in the legend's
 * rows; a hidden series is not drawn but keeps its entry. */
static void
test_legend_outside (void)
{
  static const char *names[] = {
    "a-participant-with-a-very-long-name-1", "a-participant-with-a-very-long-name-2",
    "user-3", "a-participant-with-a-very-long-name-4",
  };
  CsChartPlot plot;
  cairo_surface_t *surface;
  int px, top;

  plot_init (&plot, "Packet loss", "%", CS_CHART_STYLE_LINE);
  plot.origin = NAN;
  plot.history = 60;
  plot.latest = 59;
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    plot_add_constant (&plot, names[i], i, i == 0 ? 140 : 100 - 10 * i, 60, -1);
  surface = draw (&plot);
  if (g_getenv ("CS_TEST_SAVE_PNG") != NULL)
    cairo_surface_write_to_png (surface, g_getenv ("CS_TEST_SAVE_PNG"));
  px = (int) plot.margin_left;
  top = (int) plot.margin_top;

  g_assert_cmpuint (plot.n_legend, ==, G_N_ELEMENTS (names));
  for (guint i = 0; i < plot.n_legend; i++)
    {
      const CsChartLegendItem *item = &plot.legend[i];

      g_assert_cmpint (item->series, ==, (int) i);
      g_assert_cmpint (item->ellipsized, ==, i != 2);
      g_assert_cmpfloat (item->y + item->height, <=, plot.margin_top);
      g_assert_cmpfloat (item->x + item->width, <=, WIDTH - CS_CHART_MARGIN_RIGHT);
      g_assert_true (cs_chart_draw_legend_at (&plot, item->x + item->width / 2, item->y + item->height / 2) == item);
    }
  /* the names do not fit one row: the plot moved down rather than being covered */
  g_assert_cmpfloat (plot.margin_top, >, CS_CHART_MARGIN_TOP);
  g_assert_null (cs_chart_draw_legend_at (&plot, WIDTH / 2.0, plot.margin_top + 20));

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      GdkRGBA color;
      double under;

      cs_chart_get_color (i, &color);
      /* the first line runs along the top of the plot, under where the legend was drawn before */
      under = coverage (surface, px + 2, WIDTH - (int) CS_CHART_MARGIN_RIGHT - 2, top, top + (HEIGHT - top) / 4, &color);
      g_test_message ("series %u: line in %.0f %% of the columns of the plot's top rows", i, under * 100);
      if (i == 0)
        g_assert_cmpfloat (under, >, 0.95);
      /* and no pixel of it is in the legend's rows but the entry's own swatch */
      g_assert_cmpuint (count_outside_swatches (surface, &plot, 0, WIDTH, 0, top - 2, &color), ==, 0);
    }
  cairo_surface_destroy (surface);

  /* hidden: not drawn, its entry still there */
  ((CsChartSeries *) g_ptr_array_index (plot.series, 1))->hidden = TRUE;
  surface = draw (&plot);
  g_assert_cmpuint (plot.n_legend, ==, G_N_ELEMENTS (names));
  {
    GdkRGBA color;

    cs_chart_get_color (1, &color);
    g_assert_cmpfloat (coverage (surface, px + 2, WIDTH - 20, (int) plot.margin_top, HEIGHT - 1, &color), ==, 0);
  }
  cairo_surface_destroy (surface);
  plot_clear (&plot);
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  /* No gtk_init: the drawing needs neither a display nor a widget. Only GSK's render node
   * types, which gtk_init would register, are registered here. */
  g_type_ensure (GSK_TYPE_CAIRO_NODE);
  context = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  g_test_add_func ("/chart-draw/lines", test_lines);
  g_test_add_func ("/chart-draw/score-steps", test_score_steps);
  g_test_add_func ("/chart-draw/empty", test_empty);
  g_test_add_func ("/chart-draw/readout", test_readout);
  g_test_add_func ("/chart-draw/legend-outside", test_legend_outside);
  status = g_test_run ();
  g_object_unref (context);
  return status;
}
