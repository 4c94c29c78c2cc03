/* test-time-series.c — CsTimeSeries: bounds, points, downsampling against a naive reference
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "cs-time-series.h"

/* The naive reference: scan every kept point. */
static void
naive_downsample (CsTimeSeries   *ts,
                  double          t0,
                  double          t1,
                  guint           n,
                  CsSeriesColumn *cols)
{
  for (guint c = 0; c < n; c++)
    cols[c] = (CsSeriesColumn) { NAN, NAN, NAN, 0 };
  for (guint i = 0; i < cs_time_series_get_length (ts); i++)
    {
      double t, v;

      g_assert_true (cs_time_series_get_point (ts, i, &t, &v));
      for (guint c = 0; c < n; c++)
        {
          double a = t0 + (t1 - t0) * (double) c / (double) n;
          double b = c + 1 == n ? t1 : t0 + (t1 - t0) * (double) (c + 1) / (double) n;

          if (t >= a && t < b)
            {
              if (cols[c].count == 0 || v < cols[c].min)
                cols[c].min = v;
              if (cols[c].count == 0 || v > cols[c].max)
                cols[c].max = v;
              cols[c].last = v;
              cols[c].count++;
            }
        }
    }
}

static void
assert_columns_equal (const CsSeriesColumn *a, const CsSeriesColumn *b, guint n)
{
  for (guint c = 0; c < n; c++)
    {
      g_assert_cmpuint (a[c].count, ==, b[c].count);
      if (a[c].count == 0)
        {
          g_assert_true (isnan (a[c].min) && isnan (b[c].min));
          continue;
        }
      g_assert_cmpfloat (a[c].min, ==, b[c].min);
      g_assert_cmpfloat (a[c].max, ==, b[c].max);
      g_assert_cmpfloat (a[c].last, ==, b[c].last);
    }
}

static void
test_bounds (void)
{
  g_autoptr(CsTimeSeries) ts = cs_time_series_new (100);
  double t, v, a, b;

  g_assert_cmpuint (cs_time_series_get_capacity (ts), ==, 100);
  g_assert_false (cs_time_series_get_last (ts, &t, &v));
  g_assert_false (cs_time_series_get_range (ts, &a, &b));
  g_assert_false (cs_time_series_value_at (ts, 5, &v));

  for (guint i = 0; i < 250; i++)
    g_assert_true (cs_time_series_append (ts, i, i % 7));
  g_assert_cmpuint (cs_time_series_get_length (ts), ==, 100);
  g_assert_true (cs_time_series_get_range (ts, &a, &b));
  g_assert_cmpfloat (a, ==, 150);
  g_assert_cmpfloat (b, ==, 249);
  g_assert_true (cs_time_series_get_point (ts, 0, &t, &v));
  g_assert_cmpfloat (t, ==, 150);
  g_assert_cmpfloat (v, ==, 150 % 7);
  g_assert_false (cs_time_series_get_point (ts, 100, &t, &v));

  /* time going back is refused; equal time accepted */
  g_assert_false (cs_time_series_append (ts, 248, 1));
  g_assert_true (cs_time_series_append (ts, 249, 2));
  g_assert_false (cs_time_series_append (ts, NAN, 1));
  g_assert_false (cs_time_series_append (ts, 300, INFINITY));

  g_assert_true (cs_time_series_value_at (ts, 200.5, &v));
  g_assert_cmpfloat (v, ==, 200 % 7);
  g_assert_false (cs_time_series_value_at (ts, 100, &v));
}

static void
test_values_and_storage (void)
{
  g_autoptr(CsTimeSeries) ts = cs_time_series_new (1000);
  double t, v;

  /* small integers, then a fraction and a negative (unknown) value: earlier points keep theirs */
  g_assert_true (cs_time_series_append (ts, 0, 3));
  g_assert_true (cs_time_series_append (ts, 1, 7.25));
  g_assert_true (cs_time_series_append (ts, 2, -1));
  g_assert_true (cs_time_series_get_point (ts, 0, &t, &v));
  g_assert_cmpfloat (v, ==, 3);
  g_assert_true (cs_time_series_get_point (ts, 1, &t, &v));
  g_assert_cmpfloat (v, ==, 7.25);
  g_assert_true (cs_time_series_get_point (ts, 2, &t, &v));
  g_assert_cmpfloat (v, ==, -1);
  /* single precision: 7 significant digits */
  g_assert_true (cs_time_series_append (ts, 3, 12.3));
  g_assert_true (cs_time_series_get_last (ts, &t, &v));
  g_assert_cmpfloat_with_epsilon (v, 12.3, 1e-5);
}

static void
test_irregular_times (void)
{
  g_autoptr(CsTimeSeries) ts = cs_time_series_new (500);
  GRand *rand = g_rand_new_with_seed (42);
  double t = 10.0, prev = -1;

  for (guint i = 0; i < 2000; i++)
    {
      double got, v;

      /* jitter of a few ms, sometimes a long gap, sometimes two points at one time */
      if (i % 97 == 0)
        t += 30.0;
      else if (i % 31 != 0)
        t += 1.0 + g_rand_double_range (rand, -0.004, 0.004);
      g_assert_true (cs_time_series_append (ts, t, i));
      g_assert_true (cs_time_series_get_last (ts, &got, &v));
      g_assert_cmpfloat (fabs (got - t), <=, 0.0005 + 1e-9);
      g_assert_cmpfloat (got, >=, prev);
      prev = got;
    }
  /* all kept times non-decreasing */
  prev = -1;
  for (guint i = 0; i < cs_time_series_get_length (ts); i++)
    {
      double got;

      g_assert_true (cs_time_series_get_point (ts, i, &got, NULL));
      g_assert_cmpfloat (got, >=, prev);
      prev = got;
    }
  g_rand_free (rand);
}

/* Table: capacity, points, ranges as fractions of the kept span, columns. */
static const struct
{
  guint capacity;
  guint points;
  double from, to;
  guint columns;
} downsample_cases[] = {
  { 100, 50, -0.1, 1.1, 7 },
  { 100, 1000, 0.0, 1.0, 100 },
  { 5000, 12345, 0.0, 1.0, 640 },
  { 5000, 12345, 0.3, 0.35, 33 },
  { 86400, 90000, 0.0, 1.0, 800 },
  { 86400, 90000, 0.999, 1.001, 800 },
  { 300, 300, 0.5, 0.5, 10 }, /* empty range */
  { 64, 1, 0.0, 1.0, 3 },
};

static void
test_downsample_reference (void)
{
  for (guint k = 0; k < G_N_ELEMENTS (downsample_cases); k++)
    {
      g_autoptr(CsTimeSeries) ts = cs_time_series_new (downsample_cases[k].capacity);
      GRand *rand = g_rand_new_with_seed (k + 1);
      guint n = downsample_cases[k].columns;
      g_autofree CsSeriesColumn *fast = g_new (CsSeriesColumn, n);
      g_autofree CsSeriesColumn *slow = g_new (CsSeriesColumn, n);
      double a, b, span, t0, t1;

      for (guint i = 0; i < downsample_cases[k].points; i++)
        {
          double v = (k % 2 == 0) ? g_rand_double_range (rand, -50, 500) : g_rand_int_range (rand, 0, 7);
          g_assert_true (cs_time_series_append (ts, i * 0.5 + 3, v));
        }
      g_assert_true (cs_time_series_get_range (ts, &a, &b));
      span = MAX (b - a, 1);
      t0 = a + span * downsample_cases[k].from;
      t1 = a + span * downsample_cases[k].to;
      cs_time_series_downsample (ts, t0, t1, n, fast);
      naive_downsample (ts, t0, t1, n, slow);
      assert_columns_equal (fast, slow, n);
      g_rand_free (rand);
    }
}

static void
test_downsample_after_wrap (void)
{
  g_autoptr(CsTimeSeries) ts = cs_time_series_new (1000);
  CsSeriesColumn fast[37], slow[37];

  /* a spike inside a block that has partly been dropped must not leak into the result */
  for (guint i = 0; i < 3000; i++)
    g_assert_true (cs_time_series_append (ts, i, (i == 2001) ? 1e6 : (double) (i % 13)));
  for (guint i = 0; i < 3; i++)
    g_assert_true (cs_time_series_append (ts, 3000 + i, 5));
  cs_time_series_downsample (ts, 0, 4000, 37, fast);
  naive_downsample (ts, 0, 4000, 37, slow);
  assert_columns_equal (fast, slow, 37);
  for (guint c = 0; c < 37; c++)
    if (fast[c].count > 0)
      g_assert_cmpfloat (fast[c].max, <, 1e6);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/model/time-series/bounds", test_bounds);
  g_test_add_func ("/model/time-series/values", test_values_and_storage);
  g_test_add_func ("/model/time-series/irregular-times", test_irregular_times);
  g_test_add_func ("/model/time-series/downsample-reference", test_downsample_reference);
  g_test_add_func ("/model/time-series/downsample-after-wrap", test_downsample_after_wrap);
  return g_test_run ();
}
