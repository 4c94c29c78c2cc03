/* test-chart-view.c — zoom and pan: CsChartView's bounds, and a window's charts driven through its actions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <math.h>
#include <string.h>

#include "cs-chart-view.h"
#include "cs-chart.h"
#include "cs-details-pane.h"
#include "cs-test-feed.h"
#include "cs-test-paint.h"
#include "cs-window.h"

static gboolean have_display;

#define SKIP_WITHOUT_DISPLAY() \
  G_STMT_START { if (!have_display) { g_test_skip ("no display"); return; } } G_STMT_END

#define assert_range(view, a, b) G_STMT_START { \
    double t0_, t1_; \
    cs_chart_view_get_range ((view), &t0_, &t1_); \
    if (fabs (t0_ - (a)) > 1e-6 || fabs (t1_ - (b)) > 1e-6) \
      g_error ("range [%g, %g], expected [%g, %g]", t0_, t1_, (double) (a), (double) (b)); \
  } G_STMT_END

static void
count_changed (CsChartView *view, guint *n)
{
  (*n)++;
}

static void
test_view_follow_and_bounds (void)
{
  g_autoptr (CsChartView) view = cs_chart_view_new ();
  guint changed = 0;

  g_signal_connect (view, "changed", G_CALLBACK (count_changed), &changed);
  cs_chart_view_set_history (view, 300);
  cs_chart_view_set_latest (view, 20);
  /* early in the call: what there is, at least a minute */
  assert_range (view, 0, 60);
  cs_chart_view_set_latest (view, 600);
  assert_range (view, 300, 600);
  g_assert_true (cs_chart_view_get_follow_live (view));
  g_assert_cmpuint (changed, ==, 1);  /* once per change of the range, not per call */

  /* zooming in around the pointer keeps that moment where it was, and stops following */
  cs_chart_view_zoom (view, 0.5, 400);
  assert_range (view, 350, 500);
  g_assert_false (cs_chart_view_get_follow_live (view));
  cs_chart_view_set_latest (view, 700);
  assert_range (view, 350, 500);

  /* panning moves by a fraction of the span, never before 0 nor after the latest second */
  cs_chart_view_pan (view, -0.5);
  assert_range (view, 275, 425);
  cs_chart_view_pan (view, -10);
  assert_range (view, 0, 150);
  cs_chart_view_pan (view, 100);
  assert_range (view, 550, 700);

  /* not narrower than the minimum, not wider than the call */
  for (guint i = 0; i < 20; i++)
    cs_chart_view_zoom (view, 0.5, NAN);
  {
    double t0, t1;

    cs_chart_view_get_range (view, &t0, &t1);
    g_assert_cmpfloat_with_epsilon (t1 - t0, CS_CHART_VIEW_MIN_SPAN, 1e-9);
  }
  for (guint i = 0; i < 20; i++)
    cs_chart_view_zoom (view, 2, NAN);
  assert_range (view, 0, 700);

  /* End: follow live again, with the span the user chose */
  cs_chart_view_zoom (view, 0.1, 0);
  assert_range (view, 0, 70);
  cs_chart_view_set_follow_live (view, TRUE);
  assert_range (view, 630, 700);
  cs_chart_view_set_latest (view, 710);
  assert_range (view, 640, 710);

  /* Home, centring on a moment, a range; reset goes back to the history's span, live */
  cs_chart_view_go_start (view);
  assert_range (view, 0, 70);
  cs_chart_view_center_on (view, 300);
  assert_range (view, 265, 335);
  cs_chart_view_set_range (view, 100, 101);
  assert_range (view, 100, 105);
  cs_chart_view_set_range (view, 50, 40);   /* empty: ignored */
  assert_range (view, 100, 105);
  cs_chart_view_zoom (view, NAN, 0);
  cs_chart_view_zoom (view, -1, 0);
  assert_range (view, 100, 105);
  cs_chart_view_reset (view);
  g_assert_true (cs_chart_view_get_follow_live (view));
  assert_range (view, 410, 710);

  /* a selection, in either order, clamped to the call; NAN or empty clears it */
  g_assert_false (cs_chart_view_get_selection (view, NULL, NULL));
  cs_chart_view_set_selection (view, 800, 600);
  {
    double a, b;

    g_assert_true (cs_chart_view_get_selection (view, &a, &b));
    g_assert_cmpfloat (a, ==, 600);
    g_assert_cmpfloat (b, ==, 710);
  }
  cs_chart_view_set_selection (view, NAN, NAN);
  g_assert_false (cs_chart_view_get_selection (view, NULL, NULL));
  cs_chart_view_set_selection (view, 20, 20);
  g_assert_false (cs_chart_view_get_selection (view, NULL, NULL));

  /* the whole call */
  cs_chart_view_set_history (view, 0);
  assert_range (view, 0, 710);
}

/* draws @chart as a 600 px wide widget would and returns the range it drew */
static void
drawn_range (CsChart *chart, double *t0, double *t1)
{
  g_autoptr (GskRenderNode) node = cs_chart_render_node (chart, 600, 200);

  cs_chart_get_visible_range (chart, t0, t1);
}

static void
assert_all_charts (CsWindow *window, double a, double b)
{
  for (guint c = 0; c < CS_WINDOW_N_CHARTS; c++)
    {
      double t0, t1;

      drawn_range (cs_window_get_chart (window, c), &t0, &t1);
      if (fabs (t0 - a) > 1e-6 || fabs (t1 - b) > 1e-6)
        g_error ("chart %u drew [%g, %g], expected [%g, %g]", c, t0, t1, a, b);
    }
}

static gboolean
follow_state (CsWindow *window)
{
  g_autoptr (GVariant) state = g_action_group_get_action_state (G_ACTION_GROUP (window), "follow-live");

  return g_variant_get_boolean (state);
}

static void
test_window_zoom_pan_actions (void)
{
  CsWindow *window;
  g_autoptr (CsTestFeed) feed = NULL;
  CsChart *loss;
  double t0, t1, latest;
  guint points_all, points_zoomed;

  SKIP_WITHOUT_DISPLAY ();
  window = g_object_ref_sink (cs_window_new (NULL));
  feed = cs_test_feed_new (cs_window_get_model (window), 2);
  cs_test_feed_run (feed, 400);
  latest = cs_test_feed_get_t (feed);
  loss = cs_window_get_chart (window, CS_WINDOW_CHART_LOSS);

  /* 5 minutes, following live */
  drawn_range (loss, &t0, &t1);
  g_assert_cmpfloat_with_epsilon (t1, latest, 1e-6);
  g_assert_cmpfloat_with_epsilon (t1 - t0, 300, 1e-6);
  g_assert_true (follow_state (window));
  points_all = cs_chart_get_points_drawn (loss);

  /* zoom in: every chart shows the same, half as wide, around the middle; it no longer follows */
  g_action_group_activate_action (G_ACTION_GROUP (window), "zoom-in", NULL);
  assert_all_charts (window, t0 + 75, t1 - 75);
  g_assert_false (follow_state (window));
  /* the drawn columns cover the zoomed range: one point per second of each series (the local
   * user and the two remote ones) */
  g_assert_cmpuint (cs_chart_get_n_series (loss), ==, 3);
  points_zoomed = cs_chart_get_points_drawn (loss);
  g_assert_cmpuint (points_zoomed, >=, 3 * 150 - 6);
  g_assert_cmpuint (points_zoomed, <=, 3 * 150 + 6);
  g_assert_cmpuint (points_all, >, points_zoomed);

  /* new seconds do not move a range the user chose */
  cs_test_feed_run (feed, 10);
  assert_all_charts (window, t0 + 75, t1 - 75);

  g_action_group_activate_action (G_ACTION_GROUP (window), "pan-left", NULL);
  assert_all_charts (window, t0 + 75 - 37.5, t1 - 75 - 37.5);
  g_action_group_activate_action (G_ACTION_GROUP (window), "pan-right", NULL);
  g_action_group_activate_action (G_ACTION_GROUP (window), "pan-right", NULL);
  assert_all_charts (window, t0 + 75 + 37.5, t1 - 75 + 37.5);
  g_action_group_activate_action (G_ACTION_GROUP (window), "view-start", NULL);
  assert_all_charts (window, 0, 150);
  g_action_group_activate_action (G_ACTION_GROUP (window), "zoom-out", NULL);
  assert_all_charts (window, 0, 300);

  /* the accessible description says the range */
  g_assert_nonnull (strstr (cs_chart_get_description (loss), "0:00"));
  g_assert_nonnull (strstr (cs_chart_get_description (loss), "5:00"));

  /* follow live again: the range ends at the latest second with the span chosen */
  latest = cs_test_feed_get_t (feed);
  g_action_group_change_action_state (G_ACTION_GROUP (window), "follow-live", g_variant_new_boolean (TRUE));
  assert_all_charts (window, latest - 300, latest);
  cs_test_feed_run (feed, 5);
  latest = cs_test_feed_get_t (feed);
  assert_all_charts (window, latest - 300, latest);

  /* reset after a zoom: the history's span, live */
  g_action_group_activate_action (G_ACTION_GROUP (window), "zoom-in", NULL);
  g_action_group_activate_action (G_ACTION_GROUP (window), "zoom-in", NULL);
  g_assert_false (follow_state (window));
  g_action_group_activate_action (G_ACTION_GROUP (window), "zoom-reset", NULL);
  g_assert_true (follow_state (window));
  assert_all_charts (window, latest - 300, latest);

  /* the history "all": the whole call */
  g_action_group_change_action_state (G_ACTION_GROUP (window), "history", g_variant_new_string ("all"));
  assert_all_charts (window, 0, latest);

  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
}

/* At the default 1100 × 700 every chart has a readable plot: the details pane folds away
 * before the charts shrink, and the tiles give way. */
static void
test_layout_1100 (void)
{
  CsWindow *window;
  g_autoptr (CsTestFeed) feed = NULL;

  SKIP_WITHOUT_DISPLAY ();
  window = g_object_ref_sink (cs_window_new (NULL));
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 700);
  feed = cs_test_feed_new (cs_window_get_model (window), 3);
  cs_test_feed_run (feed, 30);
  gtk_window_present (GTK_WINDOW (window));
  for (guint i = 0; i < 5; i++)
    cs_test_wait_for_paint (GTK_WIDGET (window));
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 1100);
  for (guint c = 0; c < CS_WINDOW_N_CHARTS; c++)
    {
      CsChart *chart = cs_window_get_chart (window, c);
      graphene_rect_t first;
      int plot_width;

      /* the plot is the chart's width less the value labels (at most 80 px) and the right margin */
      plot_width = gtk_widget_get_width (GTK_WIDGET (chart)) - 80 - 12;
      g_test_message ("chart %u: %d px wide, plot at least %d px", c, gtk_widget_get_width (GTK_WIDGET (chart)),
                      plot_width);
      g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (chart)));
      g_assert_cmpint (plot_width, >=, 400);
      /* and its legend was laid out above the plot */
      g_assert_true (cs_chart_get_legend_entry (chart, 0, &first, NULL, NULL));
      g_assert_cmpfloat (first.origin.y + first.size.height, <=, cs_chart_get_plot_top (chart));
    }
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
}

/* Shift-drag's range, through win.select-range: the details pane summarises it per user (the
 * worst score, the highest loss and RTT, the events); win.clear-selection (Escape) hides it. */
static void
test_window_select_range (void)
{
  CsWindow *window;
  g_autoptr (CsTestFeed) feed = NULL;
  CsDetailsPane *pane;
  const CsTestImpairment clean = { 0 }, lossy = { .loss_pct = 20, .delay_ms = 150 };
  const char *summary;

  SKIP_WITHOUT_DISPLAY ();
  window = g_object_ref_sink (cs_window_new (NULL));
  pane = cs_window_get_details_pane (window);
  feed = cs_test_feed_new (cs_window_get_model (window), 2);
  cs_test_feed_run (feed, 60);
  cs_test_feed_set (feed, 1, &lossy);
  cs_test_feed_run (feed, 30);
  cs_test_feed_set (feed, 1, &clean);
  cs_test_feed_run (feed, 60);
  g_assert_null (cs_details_pane_get_range_summary (pane));

  /* a clean minute: no loss for anyone */
  g_action_group_activate_action (G_ACTION_GROUP (window), "select-range", g_variant_new ("(dd)", 5.0, 50.0));
  summary = cs_details_pane_get_range_summary (pane);
  g_test_message ("clean range:\n%s", summary);
  g_assert_nonnull (summary);
  g_assert_nonnull (strstr (summary, "0:05"));
  g_assert_nonnull (strstr (summary, "0:50"));
  g_assert_nonnull (strstr (summary, "User 1"));
  g_assert_nonnull (strstr (summary, "User 2"));
  g_assert_null (strstr (summary, "Bad"));
  g_assert_nonnull (strstr (summary, "0 events"));

  /* the lossy half minute (selected backwards): User 1's loss */
  g_action_group_activate_action (G_ACTION_GROUP (window), "select-range", g_variant_new ("(dd)", 100.0, 55.0));
  summary = cs_details_pane_get_range_summary (pane);
  g_test_message ("lossy range:\n%s", summary);
  g_assert_nonnull (strstr (summary, "0:55"));
  g_assert_nonnull (strstr (summary, "1:40"));
  {
    const char *u1 = strstr (summary, "User 1"), *u2 = strstr (summary, "User 2");
    g_autofree char *part1 = NULL;
    double loss = 0;
    const char *l;

    g_assert_nonnull (u1);
    g_assert_nonnull (u2);
    part1 = u1 < u2 ? g_strndup (u1, u2 - u1) : g_strdup (u1);
    l = strstr (part1, "loss up to ");
    g_assert_nonnull (l);
    loss = g_ascii_strtod (l + strlen ("loss up to "), NULL);
    g_assert_cmpfloat (loss, >, 10);
    g_assert_null (strstr (part1, " 0 events"));
    /* the worst second's reason, from the call's digest: the loss, on a link */
    g_assert_nonnull (strstr (part1, ": loss "));
  }

  g_action_group_activate_action (G_ACTION_GROUP (window), "clear-selection", NULL);
  g_assert_null (cs_details_pane_get_range_summary (pane));

  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_setenv ("GDK_DEBUG", "gl-disable", FALSE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  have_display = gtk_init_check ();
  if (have_display)
    adw_init ();

  g_test_add_func ("/chart-view/follow-and-bounds", test_view_follow_and_bounds);
  g_test_add_func ("/chart-view/window-actions", test_window_zoom_pan_actions);
  g_test_add_func ("/chart-view/layout-1100x700", test_layout_1100);
  g_test_add_func ("/chart-view/select-range", test_window_select_range);
  return g_test_run ();
}
