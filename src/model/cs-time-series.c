/* cs-time-series.c — a bounded ring buffer of (time, value) with a summary pyramid
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Storage, chosen so that 16 users × 10 series × 24 h at 1 Hz fit in 64 MiB:
 *  - Points get a global index g (0, 1, 2, … since creation); point g lives in slot
 *    g % capacity. The buffer grows by doubling up to @capacity, so a short call
 *    does not pay for a day.
 *  - Values are kept as bytes while every value is an integer 0…255 (scores, flags),
 *    and as single-precision floats otherwise (about 7 significant digits: what a
 *    chart needs). Non-finite values are refused.
 *  - Times are run-length encoded: a segment holds a start time and a step, and a
 *    point's time is start + k × step. A point whose time is off the grid by up to
 *    ±127 ms keeps a per-point residual in ms (allocated only once needed);
 *    farther off, it starts a new segment. Times on the grid are exact (bit for bit);
 *    off-grid times are kept to the millisecond.
 *  - A pyramid of blocks (16 points, 256, 4096, …) keeps the min and max of each
 *    block, so the min/max of any index range costs O(16 × levels).
 */
#include "cs-time-series.h"

#include <float.h>
#include <math.h>
#include <string.h>

#define CS_TS_BRANCH      16
#define CS_TS_MAX_LEVELS  8
#define CS_TS_INITIAL     64

typedef struct
{
  guint64 g_start;
  double  t_start;
  double  dt;        /* NAN while the segment has one point */
} TimeSegment;

typedef struct
{
  float min;
  float max;
} Block;

struct _CsTimeSeries
{
  GObject  parent_instance;

  guint    capacity;
  guint    alloc;        /* slots allocated (grows to capacity) */
  guint64  total;        /* points ever appended; the newest is total - 1 */
  guint    length;       /* points kept */

  gboolean is_float;
  guint8  *u8;
  float   *f32;
  gint8   *residual;     /* ms off the segment grid, or NULL while every point is on it */

  GArray  *segments;     /* TimeSegment, in order */
  guint    seg_head;     /* first segment still in use */

  guint    n_levels;
  guint64  block_size[CS_TS_MAX_LEVELS]; /* points per block at level k (k >= 1) */
  guint    n_blocks[CS_TS_MAX_LEVELS];   /* ring size at level k */
  guint    blocks_alloc[CS_TS_MAX_LEVELS];
  Block   *blocks[CS_TS_MAX_LEVELS];

  double   last_t;       /* the newest point's stored time */
  double   last_input_t; /* the newest time appended */
};

G_DEFINE_FINAL_TYPE (CsTimeSeries, cs_time_series, G_TYPE_OBJECT)

static void
cs_time_series_finalize (GObject *object)
{
  CsTimeSeries *self = CS_TIME_SERIES (object);

  g_free (self->u8);
  g_free (self->f32);
  g_free (self->residual);
  g_array_unref (self->segments);
  for (guint k = 0; k < CS_TS_MAX_LEVELS; k++)
    g_free (self->blocks[k]);

  G_OBJECT_CLASS (cs_time_series_parent_class)->finalize (object);
}

static void
cs_time_series_class_init (CsTimeSeriesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cs_time_series_finalize;
}

static void
cs_time_series_init (CsTimeSeries *self)
{
  self->segments = g_array_new (FALSE, FALSE, sizeof (TimeSegment));
}

/**
 * cs_time_series_new:
 * @capacity: points kept; 0 means the default (86400)
 *
 * Returns: (transfer full): a new empty series
 */
CsTimeSeries *
cs_time_series_new (guint capacity)
{
  CsTimeSeries *self = g_object_new (CS_TYPE_TIME_SERIES, NULL);
  guint64 size = CS_TS_BRANCH;

  if (capacity == 0)
    capacity = 86400;
  self->capacity = capacity;

  self->n_levels = 1; /* level 0 is the points themselves */
  while (size <= capacity && self->n_levels < CS_TS_MAX_LEVELS)
    {
      guint k = self->n_levels++;

      self->block_size[k] = size;
      self->n_blocks[k] = (guint) (capacity / size) + 2;
      size *= CS_TS_BRANCH;
    }
  return self;
}

guint
cs_time_series_get_capacity (CsTimeSeries *self)
{
  g_return_val_if_fail (CS_IS_TIME_SERIES (self), 0);
  return self->capacity;
}

guint
cs_time_series_get_length (CsTimeSeries *self)
{
  g_return_val_if_fail (CS_IS_TIME_SERIES (self), 0);
  return self->length;
}

static inline guint
slot_of (CsTimeSeries *self, guint64 g)
{
  return (guint) (g % self->capacity);
}

static inline double
value_of (CsTimeSeries *self, guint64 g)
{
  guint s = slot_of (self, g);

  return self->is_float ? (double) self->f32[s] : (double) self->u8[s];
}

static inline guint64
oldest_index (CsTimeSeries *self)
{
  return self->total - self->length;
}

/* The segment holding point @g: the last one with g_start <= g. */
static const TimeSegment *
segment_of (CsTimeSeries *self, guint64 g)
{
  const TimeSegment *segs = (const TimeSegment *) (void *) self->segments->data;
  guint lo = self->seg_head, hi = self->segments->len;

  /* invariant: segs[lo].g_start <= g; answer in [lo, hi) */
  while (hi - lo > 1)
    {
      guint mid = lo + (hi - lo) / 2;

      if (segs[mid].g_start <= g)
        lo = mid;
      else
        hi = mid;
    }
  return &segs[lo];
}

static inline double
grid_time (const TimeSegment *seg, guint64 g)
{
  if (g == seg->g_start)
    return seg->t_start;
  return seg->t_start + (double) (g - seg->g_start) * seg->dt;
}

static double
time_of (CsTimeSeries *self, guint64 g)
{
  const TimeSegment *seg = segment_of (self, g);
  double t = grid_time (seg, g);

  if (self->residual != NULL && g != seg->g_start)
    {
      gint8 r = self->residual[slot_of (self, g)];

      if (r != 0)
        t += r / 1000.0;
    }
  return t;
}

static gboolean
fits_u8 (double v)
{
  return v >= 0 && v <= 255 && v == floor (v) && !signbit (v);
}

static void
convert_to_float (CsTimeSeries *self)
{
  self->f32 = g_new (float, self->alloc);
  for (guint i = 0; i < self->alloc; i++)
    self->f32[i] = self->u8[i];
  g_clear_pointer (&self->u8, g_free);
  self->is_float = TRUE;
}

static void
grow (CsTimeSeries *self)
{
  guint old = self->alloc;
  guint n = old == 0 ? MIN (CS_TS_INITIAL, self->capacity) : (guint) MIN ((guint64) old * 2, self->capacity);

  self->alloc = n;
  if (self->is_float)
    self->f32 = g_renew (float, self->f32, n);
  else
    {
      self->u8 = g_renew (guint8, self->u8, n);
      memset (self->u8 + old, 0, n - old);
    }
  if (self->residual != NULL)
    {
      self->residual = g_renew (gint8, self->residual, n);
      memset (self->residual + old, 0, n - old);
    }
  for (guint k = 1; k < self->n_levels; k++)
    {
      guint want = (guint) MIN ((guint64) self->n_blocks[k], n / self->block_size[k] + 2);

      if (want > self->blocks_alloc[k])
        {
          self->blocks[k] = g_renew (Block, self->blocks[k], want);
          self->blocks_alloc[k] = want;
        }
    }
}

/* Drops segments that only hold points older than the oldest kept. */
static void
trim_segments (CsTimeSeries *self)
{
  const TimeSegment *segs = (const TimeSegment *) (void *) self->segments->data;
  guint64 oldest = oldest_index (self);

  while (self->seg_head + 1 < self->segments->len && segs[self->seg_head + 1].g_start <= oldest)
    self->seg_head++;
  if (self->seg_head > 64 && self->seg_head > self->segments->len / 2)
    {
      g_array_remove_range (self->segments, 0, self->seg_head);
      self->seg_head = 0;
    }
}

/* Records the time of point @g: on its segment's grid, within ±127 ms of it
 * (a residual in ms), or as the start of a new segment. */
static void
store_time (CsTimeSeries *self, guint64 g, double t)
{
  TimeSegment *seg = NULL;
  int r = 0;

  if (self->segments->len > self->seg_head)
    seg = &g_array_index (self->segments, TimeSegment, self->segments->len - 1);

  if (seg != NULL)
    {
      double predicted;

      if (isnan (seg->dt))
        seg->dt = t - seg->t_start;
      predicted = grid_time (seg, g);
      if (predicted != t)
        {
          double off = (t - predicted) * 1000.0;

          if (fabs (off) <= 127.0 && predicted + round (off) / 1000.0 >= self->last_t)
            r = (int) round (off);
          else
            seg = NULL;
        }
    }

  if (seg == NULL)
    {
      /* never before the previous stored time, which may have been rounded up */
      TimeSegment s = { g, self->length > 1 ? MAX (t, self->last_t) : t, NAN };

      g_array_append_val (self->segments, s);
      r = 0;
      self->last_t = s.t_start;
    }
  else
    self->last_t = grid_time (seg, g) + (r != 0 ? r / 1000.0 : 0.0);

  if (r != 0 && self->residual == NULL)
    self->residual = g_new0 (gint8, self->alloc);
  if (self->residual != NULL)
    self->residual[slot_of (self, g)] = (gint8) r;
}

/**
 * cs_time_series_append:
 * Appends a point; refuses (FALSE) a time earlier than the last point's, and a
 * non-finite value or time. The oldest point is dropped when the series is full.
 */
gboolean
cs_time_series_append (CsTimeSeries *self,
                       double        t,
                       double        value)
{
  guint64 g;
  guint s;
  float fv;

  g_return_val_if_fail (CS_IS_TIME_SERIES (self), FALSE);

  if (!isfinite (t) || !isfinite (value))
    return FALSE;
  if (self->length > 0 && t < self->last_input_t)
    return FALSE;
  self->last_input_t = t;

  g = self->total;
  if (self->length == self->alloc && self->alloc < self->capacity)
    grow (self);
  if (!self->is_float && !fits_u8 (value))
    convert_to_float (self);

  s = slot_of (self, g);
  if (self->is_float)
    {
      fv = (float) CLAMP (value, -FLT_MAX, FLT_MAX);
      self->f32[s] = fv;
    }
  else
    {
      self->u8[s] = (guint8) value;
      fv = (float) value;
    }

  self->total++;
  if (self->length < self->capacity)
    self->length++;
  else
    trim_segments (self);

  store_time (self, g, t);

  for (guint k = 1; k < self->n_levels; k++)
    {
      guint64 j = g / self->block_size[k];
      Block *b = &self->blocks[k][j % self->n_blocks[k]];

      if (g % self->block_size[k] == 0)
        {
          b->min = fv;
          b->max = fv;
        }
      else
        {
          if (fv < b->min)
            b->min = fv;
          if (fv > b->max)
            b->max = fv;
        }
    }
  return TRUE;
}

gboolean
cs_time_series_get_point (CsTimeSeries *self,
                          guint         i,
                          double       *t,
                          double       *value)
{
  guint64 g;

  g_return_val_if_fail (CS_IS_TIME_SERIES (self), FALSE);

  if (i >= self->length)
    return FALSE;
  g = oldest_index (self) + i;
  if (t != NULL)
    *t = time_of (self, g);
  if (value != NULL)
    *value = value_of (self, g);
  return TRUE;
}

gboolean
cs_time_series_get_last (CsTimeSeries *self,
                         double       *t,
                         double       *value)
{
  g_return_val_if_fail (CS_IS_TIME_SERIES (self), FALSE);

  if (self->length == 0)
    return FALSE;
  return cs_time_series_get_point (self, self->length - 1, t, value);
}

gboolean
cs_time_series_get_range (CsTimeSeries *self,
                          double       *t_first,
                          double       *t_last)
{
  g_return_val_if_fail (CS_IS_TIME_SERIES (self), FALSE);

  if (self->length == 0)
    return FALSE;
  if (t_first != NULL)
    *t_first = time_of (self, oldest_index (self));
  if (t_last != NULL)
    *t_last = time_of (self, self->total - 1);
  return TRUE;
}

/* First global index in [lo, total) whose time is >= @t (or > @t when @strict). */
static guint64
lower_bound (CsTimeSeries *self,
             guint64       lo,
             double        t,
             gboolean      strict)
{
  guint64 hi = self->total;

  while (lo < hi)
    {
      guint64 mid = lo + (hi - lo) / 2;
      double tm = time_of (self, mid);

      if (strict ? tm <= t : tm < t)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

gboolean
cs_time_series_value_at (CsTimeSeries *self,
                         double        t,
                         double       *value)
{
  guint64 g;

  g_return_val_if_fail (CS_IS_TIME_SERIES (self), FALSE);

  if (self->length == 0 || isnan (t))
    return FALSE;
  g = lower_bound (self, oldest_index (self), t, TRUE);
  if (g == oldest_index (self))
    return FALSE;
  if (value != NULL)
    *value = value_of (self, g - 1);
  return TRUE;
}

static inline void
take (float v, float *mn, float *mx)
{
  if (v < *mn)
    *mn = v;
  if (v > *mx)
    *mx = v;
}

/* min/max of the points with global index in [lo, hi), hi > lo. */
static void
range_min_max (CsTimeSeries *self,
               guint64       lo,
               guint64       hi,
               float        *mn,
               float        *mx)
{
  guint k = 0;

  *mn = INFINITY;
  *mx = -INFINITY;
  while (lo < hi)
    {
      gboolean top = k + 1 >= self->n_levels;

      if (top || hi - lo < 2 * CS_TS_BRANCH)
        {
          for (guint64 i = lo; i < hi; i++)
            {
              if (k == 0)
                take ((float) value_of (self, i), mn, mx);
              else
                {
                  const Block *b = &self->blocks[k][i % self->n_blocks[k]];
                  take (b->min, mn, mx);
                  take (b->max, mn, mx);
                }
            }
          break;
        }
      while (lo % CS_TS_BRANCH != 0)
        {
          if (k == 0)
            take ((float) value_of (self, lo), mn, mx);
          else
            {
              const Block *b = &self->blocks[k][lo % self->n_blocks[k]];
              take (b->min, mn, mx);
              take (b->max, mn, mx);
            }
          lo++;
        }
      while (hi % CS_TS_BRANCH != 0)
        {
          hi--;
          if (k == 0)
            take ((float) value_of (self, hi), mn, mx);
          else
            {
              const Block *b = &self->blocks[k][hi % self->n_blocks[k]];
              take (b->min, mn, mx);
              take (b->max, mn, mx);
            }
        }
      lo /= CS_TS_BRANCH;
      hi /= CS_TS_BRANCH;
      k++;
    }
}

/**
 * cs_time_series_downsample:
 * Column c covers [t0 + (t1 - t0) × c / n, t0 + (t1 - t0) × (c + 1) / n), computed
 * exactly so; the last column ends at @t1 (excluded).
 */
void
cs_time_series_downsample (CsTimeSeries   *self,
                           double          t0,
                           double          t1,
                           guint           n_columns,
                           CsSeriesColumn *columns)
{
  guint64 lo;

  g_return_if_fail (CS_IS_TIME_SERIES (self));
  g_return_if_fail (n_columns == 0 || columns != NULL);

  for (guint c = 0; c < n_columns; c++)
    {
      columns[c].min = NAN;
      columns[c].max = NAN;
      columns[c].last = NAN;
      columns[c].count = 0;
    }
  if (n_columns == 0 || self->length == 0 || !(t1 > t0) || !isfinite (t0) || !isfinite (t1))
    return;

  lo = lower_bound (self, oldest_index (self), t0, FALSE);
  for (guint c = 0; c < n_columns && lo < self->total; c++)
    {
      double end = c + 1 == n_columns ? t1 : t0 + (t1 - t0) * (double) (c + 1) / (double) n_columns;
      guint64 hi = lower_bound (self, lo, end, FALSE);

      if (hi > lo)
        {
          float mn, mx;

          range_min_max (self, lo, hi, &mn, &mx);
          columns[c].min = mn;
          columns[c].max = mx;
          columns[c].last = value_of (self, hi - 1);
          columns[c].count = (guint) MIN (hi - lo, G_MAXUINT);
        }
      lo = hi;
    }
}
