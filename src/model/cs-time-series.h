/* cs-time-series.h — a bounded ring buffer of (time, value) with per-column downsampling
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define CS_TYPE_TIME_SERIES (cs_time_series_get_type ())
G_DECLARE_FINAL_TYPE (CsTimeSeries, cs_time_series, CS, TIME_SERIES, GObject)

/* One pixel column of a downsampled range. @count is 0 for a column with no point
 * (then min/max/last are NAN and the chart leaves a gap). */
typedef struct
{
  double min;
  double max;
  double last;
  guint  count;
} CsSeriesColumn;

/* Precision: values are kept in single precision (about 7 significant digits; small
 * integers 0…255 exactly) and times on a regular grid exactly, off-grid times to the
 * millisecond, so that 16 users × 10 series × 24 h fit in 64 MiB. Non-finite values
 * are refused (append returns FALSE). */

/* @capacity: the number of points kept (default 86400 = 24 h at 1 Hz); older points are dropped. */
CsTimeSeries *cs_time_series_new          (guint capacity);
guint         cs_time_series_get_capacity (CsTimeSeries *self);
guint         cs_time_series_get_length   (CsTimeSeries *self);
/* Times must not decrease; a point with an earlier time than the last one is ignored (returns FALSE). */
gboolean      cs_time_series_append       (CsTimeSeries *self, double t, double value);
/* The i-th kept point, 0 = oldest. */
gboolean      cs_time_series_get_point    (CsTimeSeries *self, guint i, double *t, double *value);
gboolean      cs_time_series_get_last     (CsTimeSeries *self, double *t, double *value);
/* Time range covered, FALSE when empty. */
gboolean      cs_time_series_get_range    (CsTimeSeries *self, double *t_first, double *t_last);
/* Value at time @t (the last point at or before @t), FALSE if none. */
gboolean      cs_time_series_value_at     (CsTimeSeries *self, double t, double *value);
/**
 * cs_time_series_downsample:
 * Splits [t0, t1) into @n_columns equal columns and fills @columns (caller-allocated,
 * @n_columns long) with the min/max/last of the points in each. Cost is
 * O(n_columns + log n) plus the points inside the range visited through a
 * summary index, so a day of history costs about what a minute costs.
 */
void          cs_time_series_downsample   (CsTimeSeries   *self,
                                           double          t0,
                                           double          t1,
                                           guint           n_columns,
                                           CsSeriesColumn *columns);

G_END_DECLS
