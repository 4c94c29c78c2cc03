/* cs-chart-view.c — the time range that all of a window's charts show: zoom, pan, follow live
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "cs-chart-geometry.h"
#include "cs-chart-view.h"

struct _CsChartView
{
  GObject  parent_instance;

  double   history;      /* s, 0 = all: the span while following live after a reset */
  double   span;         /* s, the span kept while following live; 0 = all */
  double   latest;
  double   t0, t1;
  gboolean follow_live;
  double   sel_t0, sel_t1; /* NAN: none */
};

G_DEFINE_FINAL_TYPE (CsChartView, cs_chart_view, G_TYPE_OBJECT)

enum { PROP_0, PROP_T0, PROP_T1, PROP_FOLLOW_LIVE, N_PROPS };
static GParamSpec *props[N_PROPS];

enum { CHANGED, SELECTION_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static double
max_span (CsChartView *self)
{
  return MAX (self->latest, 60.0);
}

static void
store_range (CsChartView *self, double t0, double t1)
{
  gboolean changed0 = t0 != self->t0, changed1 = t1 != self->t1;

  if (!changed0 && !changed1)
    return;
  self->t0 = t0;
  self->t1 = t1;
  g_object_freeze_notify (G_OBJECT (self));
  if (changed0)
    g_object_notify_by_pspec (G_OBJECT (self), props[PROP_T0]);
  if (changed1)
    g_object_notify_by_pspec (G_OBJECT (self), props[PROP_T1]);
  g_object_thaw_notify (G_OBJECT (self));
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
set_follow (CsChartView *self, gboolean follow)
{
  if (self->follow_live == follow)
    return;
  self->follow_live = follow;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_FOLLOW_LIVE]);
}

/* clamps a span to the bounds and the range into [0, max (latest, span)] */
static void
clamp_store (CsChartView *self, double t0, double span)
{
  double hi;

  if (!isfinite (t0) || !isfinite (span))
    return;
  span = CLAMP (span, CS_CHART_VIEW_MIN_SPAN, max_span (self));
  hi = MAX (self->latest, span);
  if (t0 + span > hi)
    t0 = hi - span;
  if (t0 < 0)
    t0 = 0;
  store_range (self, t0, t0 + span);
}

static void
follow (CsChartView *self)
{
  double t0, t1;

  cs_chart_visible_range (self->span, 0, self->latest, -1, &t0, &t1);
  store_range (self, t0, t1);
}

static void
stop_following (CsChartView *self)
{
  set_follow (self, FALSE);
}

static void
cs_chart_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  CsChartView *self = CS_CHART_VIEW (object);

  switch (prop_id)
    {
    case PROP_T0:
      g_value_set_double (value, self->t0);
      break;
    case PROP_T1:
      g_value_set_double (value, self->t1);
      break;
    case PROP_FOLLOW_LIVE:
      g_value_set_boolean (value, self->follow_live);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_chart_view_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  CsChartView *self = CS_CHART_VIEW (object);

  switch (prop_id)
    {
    case PROP_FOLLOW_LIVE:
      cs_chart_view_set_follow_live (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_chart_view_class_init (CsChartViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = cs_chart_view_get_property;
  object_class->set_property = cs_chart_view_set_property;
  props[PROP_T0] = g_param_spec_double ("t0", NULL, NULL, 0, G_MAXDOUBLE, 0,
                                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  props[PROP_T1] = g_param_spec_double ("t1", NULL, NULL, 0, G_MAXDOUBLE, 0,
                                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  props[PROP_FOLLOW_LIVE] = g_param_spec_boolean ("follow-live", NULL, NULL, TRUE,
                                                  G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                                                  G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SELECTION_CHANGED] = g_signal_new ("selection-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                             NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
cs_chart_view_init (CsChartView *self)
{
  self->history = 300;
  self->span = 300;
  self->follow_live = TRUE;
  self->sel_t0 = self->sel_t1 = NAN;
  follow (self);
}

CsChartView *
cs_chart_view_new (void)
{
  return g_object_new (CS_TYPE_CHART_VIEW, NULL);
}

void
cs_chart_view_get_range (CsChartView *self, double *t0, double *t1)
{
  g_return_if_fail (CS_IS_CHART_VIEW (self));
  *t0 = self->t0;
  *t1 = self->t1;
}

gboolean
cs_chart_view_get_follow_live (CsChartView *self)
{
  g_return_val_if_fail (CS_IS_CHART_VIEW (self), FALSE);
  return self->follow_live;
}

void
cs_chart_view_set_follow_live (CsChartView *self, gboolean follow_live)
{
  g_return_if_fail (CS_IS_CHART_VIEW (self));
  set_follow (self, follow_live);
  if (follow_live)
    follow (self);
}

void
cs_chart_view_set_history (CsChartView *self, double seconds)
{
  g_return_if_fail (CS_IS_CHART_VIEW (self));
  self->history = MAX (seconds, 0);
  cs_chart_view_reset (self);
}

void
cs_chart_view_set_latest (CsChartView *self, double t)
{
  g_return_if_fail (CS_IS_CHART_VIEW (self));
  if (!isfinite (t) || t < 0)
    return;
  self->latest = t;
  if (self->follow_live)
    follow (self);
}

double
cs_chart_view_get_latest (CsChartView *self)
{
  g_return_val_if_fail (CS_IS_CHART_VIEW (self), 0);
  return self->latest;
}

void
cs_chart_view_zoom (CsChartView *self, double factor, double centre)
{
  double span, new_span;

  g_return_if_fail (CS_IS_CHART_VIEW (self));
  if (!isfinite (factor) || factor <= 0)
    return;
  span = self->t1 - self->t0;
  if (!isfinite (centre))
    centre = self->t0 + span / 2;
  centre = CLAMP (centre, self->t0, self->t1);
  new_span = CLAMP (span * factor, CS_CHART_VIEW_MIN_SPAN, max_span (self));
  stop_following (self);
  self->span = new_span;
  clamp_store (self, centre - (centre - self->t0) * new_span / span, new_span);
}

void
cs_chart_view_pan (CsChartView *self, double fraction)
{
  double span;

  g_return_if_fail (CS_IS_CHART_VIEW (self));
  span = self->t1 - self->t0;
  stop_following (self);
  clamp_store (self, self->t0 + fraction * span, span);
}

void
cs_chart_view_set_range (CsChartView *self, double t0, double t1)
{
  g_return_if_fail (CS_IS_CHART_VIEW (self));
  if (!(t1 > t0))
    return;
  stop_following (self);
  self->span = CLAMP (t1 - t0, CS_CHART_VIEW_MIN_SPAN, max_span (self));
  clamp_store (self, t0, t1 - t0);
}

void
cs_chart_view_center_on (CsChartView *self, double t)
{
  double span;

  g_return_if_fail (CS_IS_CHART_VIEW (self));
  span = self->t1 - self->t0;
  stop_following (self);
  clamp_store (self, t - span / 2, span);
}

void
cs_chart_view_go_start (CsChartView *self)
{
  g_return_if_fail (CS_IS_CHART_VIEW (self));
  stop_following (self);
  clamp_store (self, 0, self->t1 - self->t0);
}

void
cs_chart_view_reset (CsChartView *self)
{
  g_return_if_fail (CS_IS_CHART_VIEW (self));
  self->span = self->history;
  set_follow (self, TRUE);
  follow (self);
}

void
cs_chart_view_set_selection (CsChartView *self, double t0, double t1)
{
  double a, b;

  g_return_if_fail (CS_IS_CHART_VIEW (self));
  a = MAX (MIN (t0, t1), 0);
  b = MIN (MAX (t0, t1), self->latest);
  if (!isfinite (t0) || !isfinite (t1) || !(b > a))
    a = b = NAN;
  if ((a == self->sel_t0 && b == self->sel_t1) || (isnan (a) && isnan (self->sel_t0)))
    return;
  self->sel_t0 = a;
  self->sel_t1 = b;
  g_signal_emit (self, signals[SELECTION_CHANGED], 0);
}

gboolean
cs_chart_view_get_selection (CsChartView *self, double *t0, double *t1)
{
  g_return_val_if_fail (CS_IS_CHART_VIEW (self), FALSE);
  if (t0 != NULL)
    *t0 = self->sel_t0;
  if (t1 != NULL)
    *t1 = self->sel_t1;
  return !isnan (self->sel_t0);
}
