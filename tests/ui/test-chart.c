/* test-chart.c — CsChart: the geometry functions, and what a day of history draws
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gtk/gtk.h>
#include <math.h>

#include "cs-chart-geometry.h"
#include "cs-chart.h"

static gboolean have_display;

static void
test_nice_step (void)
{
  static const struct { double range; guint ticks; double step; } cases[] = {
    { 10, 5, 2 }, { 100, 4, 50 }, { 7, 7, 1 }, { 0.3, 3, 0.1 }, { 1234, 5, 500 }, { 1, 10, 0.1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpfloat_with_epsilon (cs_chart_nice_step (cases[i].range, cases[i].ticks), cases[i].step, 1e-9);
}

static void
test_value_axis (void)
{
  static const struct { double vmin, vmax; guint ticks; double lo, hi; } cases[] = {
    { 0, 87, 4, 0, 100 }, { 5, 12, 4, 0, 15 }, { 0, 0, 4, 0, 1 }, { -3, 7, 5, -4, 8 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      CsChartAxis axis;

      cs_chart_value_axis (cases[i].vmin, cases[i].vmax, cases[i].ticks, &axis);
      g_assert_cmpfloat_with_epsilon (axis.lo, cases[i].lo, 1e-9);
      g_assert_cmpfloat_with_epsilon (axis.hi, cases[i].hi, 1e-9);
      g_assert_cmpfloat (axis.hi, >=, cases[i].vmax);
      g_assert_cmpfloat (axis.lo, <=, MIN (0, cases[i].vmin));
    }
}

static void
test_time_step (void)
{
  static const struct { double span, width, min_px, step; } cases[] = {
    { 60, 600, 70, 10 }, { 300, 600, 70, 60 }, { 3600, 800, 70, 600 }, { 86400, 800, 70, 10800 }, { 10, 1000, 70, 1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      double step = cs_chart_time_step (cases[i].span, cases[i].width, cases[i].min_px);

      g_assert_cmpfloat_with_epsilon (step, cases[i].step, 1e-9);
      g_assert_cmpfloat (step / cases[i].span * cases[i].width, >=, cases[i].min_px);
    }
}

static void
test_format_time (void)
{
  static const struct { double t; const char *text; } cases[] = {
    { 0, "0:00" }, { 42, "0:42" }, { 725, "12:05" }, { 3723, "1:02:03" }, { 86399, "23:59:59" }, { -3, "0:00" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = cs_chart_format_time (cases[i].t);
      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
test_visible_range (void)
{
  double t0, t1;

  /* live, 5 min, after 10 min of call: the last 5 min */
  cs_chart_visible_range (300, 0, 600, -1, &t0, &t1);
  g_assert_cmpfloat (t0, ==, 300);
  g_assert_cmpfloat (t1, ==, 600);
  /* early in the call the axis shows what there is, at least a minute */
  cs_chart_visible_range (300, 0, 20, -1, &t0, &t1);
  g_assert_cmpfloat (t0, ==, 0);
  g_assert_cmpfloat (t1, ==, 60);
  cs_chart_visible_range (300, 0, 200, -1, &t0, &t1);
  g_assert_cmpfloat (t0, ==, 0);
  g_assert_cmpfloat (t1, ==, 200);
  cs_chart_visible_range (60, 0, 20, -1, &t0, &t1);
  g_assert_cmpfloat (t0, ==, 0);
  g_assert_cmpfloat (t1, ==, 60);
  /* anchored: centred on the moment */
  cs_chart_visible_range (60, 0, 600, 400, &t0, &t1);
  g_assert_cmpfloat (t0, ==, 370);
  g_assert_cmpfloat (t1, ==, 430);
  /* all: from the first point to the last */
  cs_chart_visible_range (0, 10, 86410, -1, &t0, &t1);
  g_assert_cmpfloat (t0, ==, 10);
  g_assert_cmpfloat (t1, ==, 86410);
  /* mapping round-trips */
  g_assert_cmpfloat_with_epsilon (cs_chart_time_for_x (cs_chart_x_for_time (123, 0, 600, 64, 500), 0, 600, 64, 500),
                                  123, 1e-9);
  g_assert_cmpfloat (cs_chart_y_for_value (0, 0, 10, 20, 100), ==, 120);
  g_assert_cmpfloat (cs_chart_y_for_value (10, 0, 10, 20, 100), ==, 20);
}

/* Renders @node with the Cairo renderer and returns the share of the plot's pixel
 * columns in which some pixel has @color. */
static double
column_coverage (GskRenderNode *node, int width, int height, const GdkRGBA *color)
{
  g_autoptr (GskRenderer) renderer = gsk_cairo_renderer_new ();
  g_autoptr (GdkTexture) texture = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree guchar *pixels = NULL;
  gsize stride = (gsize) width * 4;
  guint covered = 0, columns = 0;

  g_assert_true (gsk_renderer_realize (renderer, NULL, &error));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gsk_renderer_unrealize (renderer);
  pixels = g_malloc (stride * height);
  gdk_texture_download (texture, pixels, stride);

  /* the plot spans roughly x in [100, width - 20), y in [30, height - 24) */
  for (int x = 100; x < width - 20; x++)
    {
      gboolean hit = FALSE;

      for (int y = 30; y < height - 24 && !hit; y++)
        {
          const guchar *p = pixels + y * stride + x * 4; /* premultiplied B G R A on little endian */
          double b = p[0] / 255.0, g = p[1] / 255.0, r = p[2] / 255.0;

          hit = fabs (r - color->red) < 0.12 && fabs (g - color->green) < 0.12 && fabs (b - color->blue) < 0.12;
        }
      covered += hit;
      columns++;
    }
  return (double) covered / columns;
}

static gboolean
node_has_type (GskRenderNode *node, GskRenderNodeType type)
{
  if (gsk_render_node_get_node_type (node) == type)
    return TRUE;
  if (gsk_render_node_get_node_type (node) == GSK_CONTAINER_NODE)
    for (guint i = 0; i < gsk_container_node_get_n_children (node); i++)
      if (node_has_type (gsk_container_node_get_child (node, i), type))
        return TRUE;
  return FALSE;
}

static void
test_day_of_history (void)
{
  const int width = 900, height = 220;
  g_autoptr (CsTimeSeries) series = cs_time_series_new (86400);
  g_autoptr (GskRenderNode) empty = NULL;
  g_autoptr (GskRenderNode) node = NULL;
  CsChart *chart;
  GdkRGBA color;
  double t0, t1, covered_empty, covered;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }
  chart = g_object_ref_sink (cs_chart_new ("Round-trip time", "ms", CS_CHART_STYLE_LINE));
  cs_chart_set_history (chart, 0);
  cs_chart_add_series (chart, series, "user-1", 0, NULL);
  cs_chart_get_color (0, &color);

  empty = cs_chart_render_node (chart, width, height);
  covered_empty = column_coverage (empty, width, height, &color);

  for (int t = 0; t < 86400; t++)
    cs_time_series_append (series, t, 100 + 50 * sin (t / 3000.0));
  cs_chart_set_latest (chart, 86399);
  node = cs_chart_render_node (chart, width, height);

  cs_chart_get_visible_range (chart, &t0, &t1);
  g_assert_cmpfloat (t0, <=, 0);
  g_assert_cmpfloat (t1, >=, 86399);
  g_assert_true (node_has_type (node, GSK_CAIRO_NODE));
  /* one column per pixel, never a point per sample */
  g_assert_cmpuint (cs_chart_get_columns_drawn (chart), <=, (guint) width);
  g_assert_cmpuint (cs_chart_get_points_drawn (chart), <=, (guint) width);
  g_assert_cmpuint (cs_chart_get_points_drawn (chart), >, (guint) width / 2);

  covered = column_coverage (node, width, height, &color);
  g_test_message ("series colour in %.0f %% of the plot's columns (empty chart: %.0f %%)",
                  covered * 100, covered_empty * 100);
  g_assert_cmpfloat (covered_empty, <, 0.05);
  g_assert_cmpfloat (covered, >, 0.9);
  g_object_unref (chart);
}

/* A series the user hid stays hidden when the chart is rebuilt (a user joins): by its label. */
static void
test_hidden_after_rebuild (void)
{
  g_autoptr (CsTimeSeries) a = cs_time_series_new (60);
  g_autoptr (CsTimeSeries) b = cs_time_series_new (60);
  CsChart *chart;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }
  chart = g_object_ref_sink (cs_chart_new ("Packet loss", "%", CS_CHART_STYLE_LINE));
  cs_chart_add_series (chart, a, "user-1", 0, NULL);
  cs_chart_add_series (chart, b, "user-2", 1, NULL);
  cs_chart_set_series_hidden (chart, 1, TRUE);
  cs_chart_clear_series (chart);
  cs_chart_add_series (chart, a, "user-1", 0, NULL);
  cs_chart_add_series (chart, a, "user-3", 2, NULL);
  cs_chart_add_series (chart, b, "user-2", 1, NULL);
  g_assert_false (cs_chart_get_series_hidden (chart, 0));
  g_assert_false (cs_chart_get_series_hidden (chart, 1));
  g_assert_true (cs_chart_get_series_hidden (chart, 2));
  /* from the keyboard: 1…9 hide or show the first nine series */
  {
    g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (chart));
    gboolean handled = FALSE;

    for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
      {
        g_autoptr (GObject) controller = g_list_model_get_item (controllers, i);

        if (GTK_IS_EVENT_CONTROLLER_KEY (controller))
          g_signal_emit_by_name (controller, "key-pressed", GDK_KEY_2, 0, 0, &handled);
      }
    g_assert_true (handled);
    g_assert_true (cs_chart_get_series_hidden (chart, 1));
    cs_chart_set_series_hidden (chart, 1, FALSE);
  }
  /* shown again: a later rebuild shows it too */
  cs_chart_set_series_hidden (chart, 2, FALSE);
  cs_chart_clear_series (chart);
  cs_chart_add_series (chart, b, "user-2", 1, NULL);
  g_assert_false (cs_chart_get_series_hidden (chart, 0));
  g_object_unref (chart);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  /* Software GL (Mesa under Xvfb) keeps driver memory that LeakSanitizer reports after the
   * driver is unloaded; these tests check widgets and render trees, not GL. */
  g_setenv ("GDK_DEBUG", "gl-disable", FALSE);
  have_display = gtk_init_check ();

  g_test_add_func ("/chart/geometry/nice-step", test_nice_step);
  g_test_add_func ("/chart/geometry/value-axis", test_value_axis);
  g_test_add_func ("/chart/geometry/time-step", test_time_step);
  g_test_add_func ("/chart/geometry/format-time", test_format_time);
  g_test_add_func ("/chart/geometry/visible-range", test_visible_range);
  g_test_add_func ("/chart/day-of-history", test_day_of_history);
  g_test_add_func ("/chart/hidden-after-rebuild", test_hidden_after_rebuild);
  return g_test_run ();
}
