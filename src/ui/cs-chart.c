/* cs-chart.c — a time-series chart drawn with GtkSnapshot from CsTimeSeries' downsampled columns
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The widget: its series and settings, the hover read-out's text, keyboard and pointer,
 * accessibility. The plot (axes, grid, lines, markers, legend; cs-chart-draw.c) is rebuilt
 * into a cached render node only when the data moves (cs_chart_set_latest, a new series, a
 * resize, a new history); the hover read-out is drawn on top of the cached node.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "cs-agora-stats.h"
#include "cs-chart-private.h"

struct _CsChart
{
  GtkWidget      parent_instance;

  CsChartPlot    plot;
  GskRenderNode *content;    /* cached plot */
  int            content_width;
  int            content_height;
  double         hover_x;    /* < 0: none */
  CsChartView   *view;       /* nullable, shared */
  gulong         view_changed_id;
  gulong         view_selection_id;
  gboolean       selecting;  /* a Shift-drag selects a range rather than panning */
  double         drag_x;
  double         drag_t0, drag_t1; /* the range when a drag or a pinch began */
  double         pinch_centre;
  char          *description; /* the accessible description, as last set */
  GHashTable    *hidden_labels; /* the series the user hid, by label: still hidden after a rebuild */
};

G_DEFINE_FINAL_TYPE (CsChart, cs_chart, GTK_TYPE_WIDGET)

/* a zoom step (+, −, one notch of Ctrl+scroll) and a pan step (Left, Right) as a fraction of the span */
#define CS_CHART_ZOOM_STEP 1.25
#define CS_CHART_PAN_STEP  0.1

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
update_margin (CsChart *self)
{
  PangoContext *context = gtk_widget_create_pango_context (GTK_WIDGET (self));

  cs_chart_draw_update_margin (&self->plot, context);
  g_object_unref (context);
}

static void
build_content (CsChart *self, int width, int height)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  PangoContext *context = gtk_widget_create_pango_context (GTK_WIDGET (self));
  GdkRGBA fg;

  get_fg_color (self, &fg);
  cs_chart_draw_plot (&self->plot, snapshot, context, &fg, width, height);
  g_object_unref (context);

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
  const double left = self->plot.margin_left;
  const double pw = MAX (gtk_widget_get_width (GTK_WIDGET (self)) - left - CS_CHART_MARGIN_RIGHT, 1);
  GString *text;
  double t;
  g_autofree char *time = NULL;

  g_return_val_if_fail (CS_IS_CHART (self), NULL);
  if (self->hover_x < left || self->hover_x > left + pw || self->content == NULL)
    return NULL;
  t = cs_chart_time_for_x (self->hover_x, self->plot.t0, self->plot.t1, left, pw);
  time = cs_chart_format_clock (t, self->plot.origin);
  text = g_string_new (time);
  for (guint i = 0; i < self->plot.series->len; i++)
    {
      CsChartSeries *s = g_ptr_array_index (self->plot.series, i);
      double v, m;

      if (s->hidden || !cs_time_series_value_at (s->series, t, &v) || v < 0)
        continue;
      if (self->plot.style == CS_CHART_STYLE_SCORE)
        g_string_append_printf (text, "\n%s: %.0f %s", s->label, v, cs_quality_score_label ((guint) v));
      else
        {
          g_autofree char *value = cs_chart_format_value (v, self->plot.unit);

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

  if (width <= self->plot.margin_left + CS_CHART_MARGIN_RIGHT ||
      height <= CS_CHART_MARGIN_TOP + CS_CHART_MARGIN_BOTTOM)
    return;
  if (self->content == NULL || self->content_width != width || self->content_height != height)
    build_content (self, width, height);
  gtk_snapshot_append_node (snapshot, self->content);

  readout = cs_chart_dup_readout (self);
  if (readout != NULL)
    {
      PangoContext *context = gtk_widget_create_pango_context (widget);
      GdkRGBA fg;

      get_fg_color (self, &fg);
      cs_chart_draw_readout (snapshot, context, &fg, readout, self->hover_x, width, height);
      g_object_unref (context);
    }
}

static void
update_accessible (CsChart *self)
{
  GString *desc = g_string_new (NULL);

  for (guint i = 0; i < self->plot.series->len; i++)
    {
      CsChartSeries *s = g_ptr_array_index (self->plot.series, i);
      double t, v;

      if (!cs_time_series_get_last (s->series, &t, &v) || v < 0)
        continue;
      if (desc->len > 0)
        g_string_append (desc, ", ");
      if (self->plot.style == CS_CHART_STYLE_SCORE)
        g_string_append_printf (desc, "%s %.0f %s", s->label, v, cs_quality_score_label ((guint) v));
      else
        {
          g_autofree char *value = cs_chart_format_value (v, self->plot.unit);
          g_string_append_printf (desc, "%s %s", s->label, value);
        }
    }
  if (desc->len == 0)
    g_string_append (desc, _("No data yet"));
  if (self->view != NULL)
    {
      double t0, t1;
      g_autofree char *from = NULL, *to = NULL;

      cs_chart_view_get_range (self->view, &t0, &t1);
      from = cs_chart_format_clock (t0, self->plot.origin);
      to = cs_chart_format_clock (t1, self->plot.origin);
      g_string_append (desc, "; ");
      /* Translators: the time range a chart shows, e.g. "showing 0:30 to 5:30" */
      g_string_append_printf (desc, _("showing %s to %s"), from, to);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, self->plot.title,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, desc->str,
                                  -1);
  g_free (self->description);
  self->description = g_string_free (desc, FALSE);
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

/* Keyboard: 1…9 hide or show the first nine series (their legend entries); with a view: +/− zoom,
 * Left/Right pan, Home the call's start, End follows live; without a view, or with Ctrl: Left/Right
 * move the read-out (Shift: faster), Home/End jump, Escape hides it. */
static gboolean
key_pressed_cb (GtkEventControllerKey *key, guint keyval, guint keycode, GdkModifierType state, CsChart *self)
{
  const double left = self->plot.margin_left;
  const double right = gtk_widget_get_width (GTK_WIDGET (self)) - CS_CHART_MARGIN_RIGHT - 1;
  double step = (state & GDK_SHIFT_MASK) ? 40 : 5;
  double x = self->hover_x < 0 ? right : self->hover_x;

  if (keyval >= GDK_KEY_1 && keyval <= GDK_KEY_9 && !(state & GDK_CONTROL_MASK) && keyval - GDK_KEY_1 < self->plot.series->len)
    {
      cs_chart_set_series_hidden (self, keyval - GDK_KEY_1, !cs_chart_get_series_hidden (self, keyval - GDK_KEY_1));
      return TRUE;
    }
  if (self->view != NULL && !(state & GDK_CONTROL_MASK))
    switch (keyval)
      {
      case GDK_KEY_plus:
      case GDK_KEY_equal:
      case GDK_KEY_KP_Add:
        cs_chart_view_zoom (self->view, 1 / CS_CHART_ZOOM_STEP, NAN);
        return TRUE;
      case GDK_KEY_minus:
      case GDK_KEY_KP_Subtract:
        cs_chart_view_zoom (self->view, CS_CHART_ZOOM_STEP, NAN);
        return TRUE;
      case GDK_KEY_Left:
      case GDK_KEY_KP_Left:
        cs_chart_view_pan (self->view, -CS_CHART_PAN_STEP);
        return TRUE;
      case GDK_KEY_Right:
      case GDK_KEY_KP_Right:
        cs_chart_view_pan (self->view, CS_CHART_PAN_STEP);
        return TRUE;
      case GDK_KEY_Home:
        cs_chart_view_go_start (self->view);
        return TRUE;
      case GDK_KEY_End:
        cs_chart_view_set_follow_live (self->view, TRUE);
        return TRUE;
      default:
        break;
      }
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
      if (self->view != NULL && cs_chart_view_get_selection (self->view, NULL, NULL))
        {
          cs_chart_view_set_selection (self->view, NAN, NAN);
          return TRUE;
        }
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

static double
plot_width (CsChart *self)
{
  return MAX (gtk_widget_get_width (GTK_WIDGET (self)) - self->plot.margin_left - CS_CHART_MARGIN_RIGHT, 1);
}

static double
time_at (CsChart *self, double x)
{
  double t0, t1;

  cs_chart_view_get_range (self->view, &t0, &t1);
  return cs_chart_time_for_x (x, t0, t1, self->plot.margin_left, plot_width (self));
}

/* Ctrl+scroll zooms around the pointer; horizontal scroll pans; plain vertical scroll is left to
 * the scrolled window around the charts. */
static gboolean
scroll_cb (GtkEventControllerScroll *scroll, double dx, double dy, CsChart *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (scroll));

  if (self->view == NULL)
    return FALSE;
  if (state & GDK_CONTROL_MASK)
    {
      if (dy == 0)
        return FALSE;
      cs_chart_view_zoom (self->view, pow (CS_CHART_ZOOM_STEP, CLAMP (dy, -5, 5)),
                          self->hover_x >= 0 ? time_at (self, self->hover_x) : NAN);
      return TRUE;
    }
  if (dx == 0)
    return FALSE;
  cs_chart_view_pan (self->view, CLAMP (dx, -5, 5) * CS_CHART_PAN_STEP / 2);
  return TRUE;
}

static void
drag_begin_cb (GtkGestureDrag *drag, double x, double y, CsChart *self)
{
  if (self->view == NULL)
    {
      gtk_gesture_set_state (GTK_GESTURE (drag), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  cs_chart_view_get_range (self->view, &self->drag_t0, &self->drag_t1);
  self->drag_x = x;
  self->selecting = (gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (drag)) & GDK_SHIFT_MASK) != 0;
}

static void
drag_update_cb (GtkGestureDrag *drag, double dx, double dy, CsChart *self)
{
  double dt;

  if (self->view == NULL || fabs (dx) < 3)
    return;
  gtk_gesture_set_state (GTK_GESTURE (drag), GTK_EVENT_SEQUENCE_CLAIMED);
  if (self->selecting)
    {
      double pw = plot_width (self), left = self->plot.margin_left;

      cs_chart_view_set_selection (self->view,
                                   cs_chart_time_for_x (self->drag_x, self->drag_t0, self->drag_t1, left, pw),
                                   cs_chart_time_for_x (self->drag_x + dx, self->drag_t0, self->drag_t1, left, pw));
      return;
    }
  dt = -dx * (self->drag_t1 - self->drag_t0) / plot_width (self);
  cs_chart_view_set_range (self->view, self->drag_t0 + dt, self->drag_t1 + dt);
}

/* a click on a series' legend entry hides or shows it; a double-click elsewhere resets the zoom */
static void
pressed_cb (GtkGestureClick *click, int n_press, double x, double y, CsChart *self)
{
  const CsChartLegendItem *item = self->content != NULL ? cs_chart_draw_legend_at (&self->plot, x, y) : NULL;

  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (item != NULL && item->series >= 0)
    {
      cs_chart_set_series_hidden (self, (guint) item->series, !cs_chart_get_series_hidden (self, (guint) item->series));
      gtk_gesture_set_state (GTK_GESTURE (click), GTK_EVENT_SEQUENCE_CLAIMED);
      return;
    }
  if (n_press == 2 && self->view != NULL && item == NULL)
    cs_chart_view_reset (self->view);
}

/* an ellipsized legend entry's whole name; a hidden one says so */
static gboolean
query_tooltip_cb (GtkWidget *widget, int x, int y, gboolean keyboard, GtkTooltip *tooltip, CsChart *self)
{
  const CsChartLegendItem *item = self->content != NULL && !keyboard ? cs_chart_draw_legend_at (&self->plot, x, y) : NULL;
  CsChartSeries *s;
  g_autofree char *text = NULL;

  if (item == NULL || item->series < 0)
    return FALSE;
  s = g_ptr_array_index (self->plot.series, item->series);
  /* Translators: the tooltip of a chart's legend entry: the series' name, then what a click does */
  text = g_strdup_printf (s->hidden ? _("%s (hidden): click to show") : _("%s: click to hide"), s->label);
  gtk_tooltip_set_text (tooltip, text);
  gtk_tooltip_set_tip_area (tooltip, &(GdkRectangle) { (int) item->x, (int) item->y,
                                                        (int) item->width, (int) item->height });
  return TRUE;
}

static void
pinch_begin_cb (GtkGesture *gesture, GdkEventSequence *sequence, CsChart *self)
{
  double x, y;

  if (self->view == NULL)
    return;
  cs_chart_view_get_range (self->view, &self->drag_t0, &self->drag_t1);
  self->pinch_centre = gtk_gesture_get_bounding_box_center (gesture, &x, &y) ? time_at (self, x) : NAN;
}

static void
pinch_scale_cb (GtkGestureZoom *zoom, double scale, CsChart *self)
{
  double span = self->drag_t1 - self->drag_t0, centre = self->pinch_centre, new_span;

  if (self->view == NULL || scale <= 0)
    return;
  if (!isfinite (centre))
    centre = self->drag_t0 + span / 2;
  new_span = span / scale;
  cs_chart_view_set_range (self->view, centre - (centre - self->drag_t0) * new_span / span,
                           centre + (self->drag_t1 - centre) * new_span / span);
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

  cs_chart_set_view (self, NULL);
  g_clear_pointer (&self->content, gsk_render_node_unref);
  g_clear_pointer (&self->plot.markers, g_array_unref);
  g_clear_pointer (&self->plot.series, g_ptr_array_unref);
  g_clear_pointer (&self->hidden_labels, g_hash_table_unref);
  G_OBJECT_CLASS (cs_chart_parent_class)->dispose (object);
}

static void
cs_chart_finalize (GObject *object)
{
  CsChart *self = CS_CHART (object);

  g_free (self->plot.title);
  g_free (self->plot.unit);
  g_free (self->description);
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
  GtkEventController *key, *focus, *scroll;
  GtkGesture *drag, *click, *pinch;

  self->plot.series = g_ptr_array_new_with_free_func (_cs_chart_series_free);
  self->hidden_labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->plot.history = 300;
  self->plot.anchor = -1;
  self->hover_x = -1;
  self->plot.margin_left = 64;
  self->plot.origin = NAN;
  self->plot.sel_t0 = self->plot.sel_t1 = NAN;
  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  key = gtk_event_controller_key_new ();
  g_signal_connect (key, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), key);
  focus = gtk_event_controller_focus_new ();
  g_signal_connect (focus, "leave", G_CALLBACK (focus_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), focus);
  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  g_signal_connect (scroll, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);
  drag = gtk_gesture_drag_new ();
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));
  click = gtk_gesture_click_new ();
  g_signal_connect (click, "pressed", G_CALLBACK (pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  pinch = gtk_gesture_zoom_new ();
  g_signal_connect (pinch, "begin", G_CALLBACK (pinch_begin_cb), self);
  g_signal_connect (pinch, "scale-changed", G_CALLBACK (pinch_scale_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (pinch));
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip_cb), self);
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
}

CsChart *
cs_chart_new (const char *title, const char *unit, CsChartStyle style)
{
  CsChart *self = g_object_new (CS_TYPE_CHART, NULL);

  self->plot.title = g_strdup (title);
  self->plot.unit = g_strdup (unit);
  self->plot.style = style;
  update_margin (self);
  update_accessible (self);
  return self;
}

void
cs_chart_set_title (CsChart *self, const char *title)
{
  g_return_if_fail (CS_IS_CHART (self));
  if (g_strcmp0 (self->plot.title, title) == 0)
    return;
  g_free (self->plot.title);
  self->plot.title = g_strdup (title);
  update_accessible (self);
  cs_chart_invalidate (self);
}

const char *
cs_chart_get_title (CsChart *self)
{
  g_return_val_if_fail (CS_IS_CHART (self), NULL);
  return self->plot.title;
}

void
cs_chart_clear_series (CsChart *self)
{
  g_return_if_fail (CS_IS_CHART (self));
  g_ptr_array_set_size (self->plot.series, 0);
  cs_chart_invalidate (self);
}

void
cs_chart_add_series (CsChart *self, CsTimeSeries *series, const char *label,
                     guint color_index, CsTimeSeries *measured)
{
  CsChartSeries *s;

  g_return_if_fail (CS_IS_CHART (self));
  g_return_if_fail (series != NULL);
  s = g_new0 (CsChartSeries, 1);
  s->series = g_object_ref (series);
  s->measured = measured != NULL ? g_object_ref (measured) : NULL;
  s->label = g_strdup (label);
  s->hidden = label != NULL && g_hash_table_contains (self->hidden_labels, label);
  s->color_index = color_index;
  g_ptr_array_add (self->plot.series, s);
  update_accessible (self);
  cs_chart_invalidate (self);
}

guint
cs_chart_get_n_series (CsChart *self)
{
  g_return_val_if_fail (CS_IS_CHART (self), 0);
  return self->plot.series->len;
}

void
cs_chart_set_history (CsChart *self, double seconds)
{
  g_return_if_fail (CS_IS_CHART (self));
  if (self->plot.history == seconds)
    return;
  self->plot.history = seconds;
  cs_chart_invalidate (self);
}

double
cs_chart_get_time_origin (CsChart *self)
{
  g_return_val_if_fail (CS_IS_CHART (self), NAN);
  return self->plot.origin;
}

void
cs_chart_set_time_origin (CsChart *self, double origin)
{
  g_return_if_fail (CS_IS_CHART (self));
  if (self->plot.origin == origin || (isnan (self->plot.origin) && isnan (origin)))
    return;
  self->plot.origin = origin;
  cs_chart_invalidate (self);
}

void
cs_chart_set_anchor (CsChart *self, double t)
{
  g_return_if_fail (CS_IS_CHART (self));
  if (self->plot.anchor == t)
    return;
  self->plot.anchor = t;
  cs_chart_invalidate (self);
}

void
cs_chart_set_latest (CsChart *self, double t)
{
  g_return_if_fail (CS_IS_CHART (self));
  self->plot.latest = t;
  update_accessible (self);
  cs_chart_invalidate (self);
}

void
cs_chart_set_markers (CsChart *self, GArray *markers)
{
  g_return_if_fail (CS_IS_CHART (self));
  if (markers != NULL)
    g_array_ref (markers);
  g_clear_pointer (&self->plot.markers, g_array_unref);
  self->plot.markers = markers;
  cs_chart_invalidate (self);
}

void
cs_chart_get_visible_range (CsChart *self, double *t0, double *t1)
{
  g_return_if_fail (CS_IS_CHART (self));
  *t0 = self->plot.t0;
  *t1 = self->plot.t1;
}

guint
cs_chart_get_columns_drawn (CsChart *self)
{
  return self->plot.columns_drawn;
}

guint
cs_chart_get_points_drawn (CsChart *self)
{
  return self->plot.points_drawn;
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

static void
view_selection_cb (CsChartView *view, CsChart *self)
{
  if (!cs_chart_view_get_selection (view, &self->plot.sel_t0, &self->plot.sel_t1))
    self->plot.sel_t0 = self->plot.sel_t1 = NAN;
  cs_chart_invalidate (self);
}

static void
view_changed_cb (CsChartView *view, CsChart *self)
{
  cs_chart_view_get_range (view, &self->plot.range_t0, &self->plot.range_t1);
  update_accessible (self);
  cs_chart_invalidate (self);
}

void
cs_chart_set_view (CsChart *self, CsChartView *view)
{
  g_return_if_fail (CS_IS_CHART (self));
  g_return_if_fail (view == NULL || CS_IS_CHART_VIEW (view));
  if (self->view == view)
    return;
  if (self->view != NULL)
    {
      g_clear_signal_handler (&self->view_changed_id, self->view);
      g_clear_signal_handler (&self->view_selection_id, self->view);
      g_clear_object (&self->view);
    }
  self->plot.fixed_range = view != NULL;
  if (view != NULL)
    {
      self->view = g_object_ref (view);
      self->view_changed_id = g_signal_connect (view, "changed", G_CALLBACK (view_changed_cb), self);
      self->view_selection_id = g_signal_connect (view, "selection-changed", G_CALLBACK (view_selection_cb), self);
      view_changed_cb (view, self);
      view_selection_cb (view, self);
    }
  else
    {
      self->plot.sel_t0 = self->plot.sel_t1 = NAN;
      cs_chart_invalidate (self);
    }
}

const char *
cs_chart_get_description (CsChart *self)
{
  g_return_val_if_fail (CS_IS_CHART (self), NULL);
  return self->description;
}

void
cs_chart_set_series_hidden (CsChart *self, guint index, gboolean hidden)
{
  CsChartSeries *s;

  g_return_if_fail (CS_IS_CHART (self));
  g_return_if_fail (index < self->plot.series->len);
  s = g_ptr_array_index (self->plot.series, index);
  if (s->hidden == !!hidden)
    return;
  s->hidden = !!hidden;
  if (s->label != NULL && hidden)
    g_hash_table_add (self->hidden_labels, g_strdup (s->label));
  else if (s->label != NULL)
    g_hash_table_remove (self->hidden_labels, s->label);
  cs_chart_invalidate (self);
}

gboolean
cs_chart_get_series_hidden (CsChart *self, guint index)
{
  g_return_val_if_fail (CS_IS_CHART (self), FALSE);
  g_return_val_if_fail (index < self->plot.series->len, FALSE);
  return ((CsChartSeries *) g_ptr_array_index (self->plot.series, index))->hidden;
}

gboolean
cs_chart_get_legend_entry (CsChart *self, guint index, graphene_rect_t *rect, int *series, gboolean *ellipsized)
{
  const CsChartLegendItem *item;

  g_return_val_if_fail (CS_IS_CHART (self), FALSE);
  if (index >= self->plot.n_legend)
    return FALSE;
  item = &self->plot.legend[index];
  if (rect != NULL)
    graphene_rect_init (rect, item->x, item->y, item->width, item->height);
  if (series != NULL)
    *series = item->series;
  if (ellipsized != NULL)
    *ellipsized = item->ellipsized;
  return TRUE;
}

double
cs_chart_get_plot_top (CsChart *self)
{
  g_return_val_if_fail (CS_IS_CHART (self), 0);
  return self->plot.margin_top;
}
