/* test-event-log.c — the event log: filters, selection, its rows, and only rows for what is on screen
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <math.h>
#include <string.h>

#include "cs-event-log.h"
#include "cs-event-log-row.h"
#include "cs-test-paint.h"

static gboolean have_display;

#define SKIP_WITHOUT_DISPLAY() \
  G_STMT_START { if (!have_display) { g_test_skip ("no display"); return; } } G_STMT_END

#define N_USERS 3

/* Entry i, of the @n fed: user-(i % 3 + 1); kinds in a fixed cycle of 6: an exception, its
 * recovery, a join, an exception left ongoing, a connection line, a leave. */
static CsLogKind
kind_of (guint i)
{
  static const CsLogKind cycle[] = { CS_LOG_KIND_EXCEPTION, CS_LOG_KIND_EXCEPTION, CS_LOG_KIND_PRESENCE,
                                     CS_LOG_KIND_EXCEPTION, CS_LOG_KIND_CONNECTION, CS_LOG_KIND_PRESENCE };

  return cycle[i % G_N_ELEMENTS (cycle)];
}

static void
feed (CsEventLog *log, guint n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *uid = g_strdup_printf ("user-%u", i % N_USERS + 1);
      double t = i;

      switch (i % 6)
        {
        case 0:
        case 3:
          {
            CsExceptionEvent raise = { t, 5001, NULL, uid, FALSE, t, 0, 1 };
            cs_event_log_add_exception (log, &raise);
            break;
          }
        case 1:
          {
            /* the recovery of the exception of the line before, a different user: no match */
            CsExceptionEvent recover = { t, 7001, NULL, uid, TRUE, t - 3, 3, 1 };
            cs_event_log_add_exception (log, &recover);
            break;
          }
        case 2:
          cs_event_log_add_presence (log, t, uid, TRUE);
          break;
        case 4:
          cs_event_log_add_connection (log, t, uid, "Connected");
          break;
        default:
          cs_event_log_add_presence (log, t, uid, FALSE);
          break;
        }
    }
}

/* how many of the @n fed match the filter: @user 0 = every user, @kind < 0 = every kind */
static guint
expected (guint n, guint user, int kind)
{
  guint count = 0;

  for (guint i = 0; i < n; i++)
    count += (user == 0 || i % N_USERS + 1 == user) && (kind < 0 || (int) kind_of (i) == kind);
  return count;
}

static guint
n_shown (CsEventLog *log)
{
  return g_list_model_get_n_items (cs_event_log_get_shown (log));
}

static GtkWidget *
child (CsEventLog *log, const char *id)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (log), CS_TYPE_EVENT_LOG, id));
}

static void
test_filters (void)
{
  CsEventLog *log;
  const guint n = 120;

  SKIP_WITHOUT_DISPLAY ();
  log = g_object_ref_sink (CS_EVENT_LOG (cs_event_log_new ()));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (log, "stack"))), ==, "empty");
  feed (log, n);
  g_assert_cmpuint (g_list_model_get_n_items (cs_event_log_get_all (log)), ==, n);
  g_assert_cmpuint (n_shown (log), ==, n);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (log, "stack"))), ==, "list");

  /* every combination, through the API and through the dropdowns, as the user picks them */
  for (guint user = 0; user <= N_USERS; user++)
    for (int kind = -1; kind <= CS_LOG_KIND_CONNECTION; kind++)
      {
        g_autofree char *uid = user > 0 ? g_strdup_printf ("user-%u", user) : NULL;

        cs_event_log_set_filter (log, uid, kind);
        g_assert_cmpuint (n_shown (log), ==, expected (n, user, kind));
        for (guint i = 0; i < n_shown (log); i++)
          {
            g_autoptr (CsLogEntry) e = g_list_model_get_item (cs_event_log_get_shown (log), i);

            if (uid != NULL)
              g_assert_cmpstr (cs_log_entry_get_uid (e), ==, uid);
            if (kind >= 0)
              g_assert_cmpint (cs_log_entry_get_kind (e), ==, kind);
          }
        cs_event_log_set_filter (log, NULL, -1);
        g_assert_cmpuint (n_shown (log), ==, n);

        /* the dropdowns: item 0 is every user (every kind), then the users as they appeared */
        gtk_drop_down_set_selected (GTK_DROP_DOWN (child (log, "user_dropdown")), user);
        gtk_drop_down_set_selected (GTK_DROP_DOWN (child (log, "kind_dropdown")), (guint) (kind + 1));
        g_assert_cmpuint (n_shown (log), ==, expected (n, user, kind));
      }
  /* a filter that hides everything shows the placeholder */
  cs_event_log_set_filter (log, "nobody", -1);
  g_assert_cmpuint (n_shown (log), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (log, "stack"))), ==, "empty");
  cs_event_log_set_filter (log, NULL, -1);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (log, "stack"))), ==, "list");
  cs_event_log_clear (log);
  g_assert_cmpuint (n_shown (log), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (log, "stack"))), ==, "empty");
  g_object_unref (log);
}

typedef struct
{
  guint  n;
  double t;
  char  *uid;
} Selected;

static void
selected_cb (CsEventLog *log, double t, const char *uid, Selected *s)
{
  s->n++;
  s->t = t;
  g_free (s->uid);
  s->uid = g_strdup (uid);
}

static void
assert_selected (Selected *s, guint n, CsEventLog *log, guint position)
{
  g_autoptr (CsLogEntry) e = g_list_model_get_item (cs_event_log_get_shown (log), position);

  g_assert_cmpuint (s->n, ==, n);
  g_assert_cmpfloat (s->t, ==, cs_log_entry_get_t (e));
  g_assert_cmpstr (s->uid, ==, cs_log_entry_get_uid (e));
}

static void
test_select (void)
{
  CsEventLog *log;
  GtkWidget *list;
  Selected s = { 0 };

  SKIP_WITHOUT_DISPLAY ();
  log = g_object_ref_sink (CS_EVENT_LOG (cs_event_log_new ()));
  list = child (log, "list");
  g_signal_connect (log, "event-selected", G_CALLBACK (selected_cb), &s);
  feed (log, 30);
  g_assert_cmpuint (s.n, ==, 0);

  cs_event_log_select (log, 4);
  assert_selected (&s, 1, log, 4);
  /* selecting it again changes nothing */
  cs_event_log_select (log, 4);
  g_assert_cmpuint (s.n, ==, 1);
  /* out of range: nothing */
  cs_event_log_select (log, 1000);
  g_assert_cmpuint (s.n, ==, 1);

  /* what a click and the arrow keys do: the list view's select-item action */
  gtk_widget_activate_action (list, "list.select-item", "(ubb)", 7, FALSE, FALSE);
  assert_selected (&s, 2, log, 7);
  /* and the selection model under it */
  gtk_selection_model_select_item (gtk_list_view_get_model (GTK_LIST_VIEW (list)), 11, TRUE);
  assert_selected (&s, 3, log, 11);

  /* new lines and filters move the selected line, they do not select another */
  feed (log, 5);
  g_assert_cmpuint (s.n, ==, 3);
  cs_event_log_set_filter (log, NULL, CS_LOG_KIND_PRESENCE);
  cs_event_log_set_filter (log, NULL, -1);
  g_assert_cmpuint (s.n, ==, 3);

  /* in a filtered view, the i-th shown line */
  cs_event_log_set_filter (log, "user-2", CS_LOG_KIND_EXCEPTION);
  cs_event_log_select (log, 2);
  assert_selected (&s, 4, log, 2);
  g_assert_cmpstr (s.uid, ==, "user-2");

  g_free (s.uid);
  g_object_unref (log);
}

/* (transfer container) the rows the list view has now, bound or not, in order */
static GPtrArray *
rows (CsEventLog *log)
{
  GPtrArray *list = g_ptr_array_new ();

  for (GtkWidget *item = gtk_widget_get_first_child (child (log, "list")); item != NULL;
       item = gtk_widget_get_next_sibling (item))
    if (CS_IS_EVENT_LOG_ROW (gtk_widget_get_first_child (item)))
      g_ptr_array_add (list, gtk_widget_get_first_child (item));
  return list;
}

static guint
n_children (GtkWidget *widget)
{
  guint n = 0;

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    n++;
  return n;
}

static CsEventLogRow *
row_for (CsEventLog *log, CsLogEntry *entry)
{
  g_autoptr (GPtrArray) list = rows (log);

  for (guint i = 0; i < list->len; i++)
    if (cs_event_log_row_get_entry (list->pdata[i]) == entry)
      return list->pdata[i];
  return NULL;
}

static GtkWidget *
show_log (CsEventLog **log)
{
  GtkWidget *window = gtk_window_new ();

  *log = CS_EVENT_LOG (cs_event_log_new ());
  /* the size it has in the main window */
  gtk_window_set_default_size (GTK_WINDOW (window), 610, 450);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (*log));
  gtk_window_present (GTK_WINDOW (window));
  cs_test_wait_for_paint (window);
  return window;
}

/* GTK 4.8's GtkListView keeps row widgets for at most GTK_LIST_VIEW_MAX_LIST_ITEMS (200) lines
 * around the one at the top of the view, plus 2 above and below each line it tracks (the top,
 * the focus, the selection): whatever the number of lines, never one widget per line. */
#define MAX_ROWS 210

/* 1000 or 5000 lines: the same few widgets, and still after scrolling to the end */
static void
test_rows_bounded (void)
{
  CsEventLog *log;
  GtkWidget *window, *list;
  GtkAdjustment *adj;
  g_autoptr (CsLogEntry) newest = NULL;
  g_autoptr (CsLogEntry) oldest = NULL;
  guint with_1000, with_5000;

  SKIP_WITHOUT_DISPLAY ();
  window = show_log (&log);
  list = child (log, "list");
  feed (log, 1000);
  cs_test_wait_for_paint (window);
  with_1000 = n_children (list);
  feed (log, 4000);
  cs_test_wait_for_paint (window);
  with_5000 = n_children (list);
  g_test_message ("children of the list view: %u with 1000 lines, %u with 5000", with_1000, with_5000);
  g_assert_cmpuint (with_5000, <, MAX_ROWS);
  g_assert_cmpuint (with_5000, ==, with_1000);
  /* the newest line is first, on screen */
  newest = g_list_model_get_item (cs_event_log_get_shown (log), 0);
  g_assert_nonnull (row_for (log, newest));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (row_for (log, newest))));

  adj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list));
  gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj));
  cs_test_wait_for_paint (window);
  cs_test_wait_for_paint (window);
  g_assert_cmpuint (n_children (list), <, MAX_ROWS);
  oldest = g_list_model_get_item (cs_event_log_get_shown (log), 4999);
  g_assert_nonnull (row_for (log, oldest));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (row_for (log, oldest))));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* a row shows its entry, and what a recycled row showed before goes */
static void
test_row_content (void)
{
  CsEventLog *log;
  GtkWidget *window;
  CsExceptionEvent raise = { 12, 5002, NULL, "user-1", FALSE, 12, 0, 1 };
  CsExceptionEvent recover = { 19.4, 7002, NULL, "user-1", TRUE, 12, 7.4, 1 };
  g_autoptr (CsLogEntry) exception = NULL;
  g_autoptr (CsLogEntry) presence = NULL;
  CsEventLogRow *row;
  GtkWidget *icon;
  char *error;

  SKIP_WITHOUT_DISPLAY ();
  window = show_log (&log);
  cs_event_log_add_user_name (log, "user-1", "Alice");
  cs_event_log_add_presence (log, 3, "user-1", TRUE);
  cs_event_log_add_exception (log, &raise);
  cs_test_wait_for_paint (window);
  exception = g_list_model_get_item (cs_event_log_get_shown (log), 0);
  presence = g_list_model_get_item (cs_event_log_get_shown (log), 1);

  row = row_for (log, exception);
  g_assert_nonnull (row);
  g_assert_cmpstr (cs_event_log_row_get_title (row), ==, "Alice · POOR_DOWNLINK (5002)");
  g_assert_cmpstr (cs_event_log_row_get_duration (row), ==, "ongoing");
  icon = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (row), CS_TYPE_EVENT_LOG_ROW, "icon"));
  g_assert_true (gtk_widget_has_css_class (icon, "exception"));
  error = gtk_test_accessible_check_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                              "0:12 Alice · POOR_DOWNLINK (5002). Poor downlink network quality");
  g_assert_null (error);

  /* the recovery closes the line on screen */
  cs_event_log_add_exception (log, &recover);
  g_assert_cmpstr (cs_event_log_row_get_duration (row), ==, "lasted 7 s");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (row_for (log, exception)), "ongoing"));

  /* the join: no code, no duration, no detail */
  row = row_for (log, presence);
  g_assert_nonnull (row);
  g_assert_cmpstr (cs_event_log_row_get_title (row), ==, "Alice · Joined the call");
  g_assert_null (cs_event_log_row_get_duration (row));

  /* every row, recycled by filters, shows its own entry */
  cs_event_log_set_filter (log, NULL, CS_LOG_KIND_PRESENCE);
  cs_test_wait_for_paint (window);
  cs_event_log_set_filter (log, NULL, -1);
  cs_test_wait_for_paint (window);
  {
    g_autoptr (GPtrArray) list = rows (log);

    for (guint i = 0; i < list->len; i++)
      {
        CsLogEntry *e = cs_event_log_row_get_entry (list->pdata[i]);
        GtkWidget *image;

        if (e == NULL)
          continue;
        image = GTK_WIDGET (gtk_widget_get_template_child (list->pdata[i], CS_TYPE_EVENT_LOG_ROW, "icon"));
        g_assert_true (strstr (cs_event_log_row_get_title (list->pdata[i]), cs_log_entry_get_title (e)) != NULL);
        g_assert_true ((cs_event_log_row_get_duration (list->pdata[i]) != NULL) ==
                       (cs_log_entry_get_kind (e) == CS_LOG_KIND_EXCEPTION));
        g_assert_true (gtk_widget_has_css_class (image, "exception") + gtk_widget_has_css_class (image, "recovery") +
                       gtk_widget_has_css_class (image, "info") == 1);
      }
  }
  gtk_window_destroy (GTK_WINDOW (window));
}

/* At the top, the log shows each new line as it comes; scrolled down to older lines, it stays
 * on them. */
static void
test_follows_newest (void)
{
  CsEventLog *log;
  GtkWidget *window;
  GtkAdjustment *adj;
  g_autoptr (CsLogEntry) newest = NULL;
  g_autoptr (CsLogEntry) looked_at = NULL;
  CsEventLogRow *row;
  graphene_point_t at;

  SKIP_WITHOUT_DISPLAY ();
  window = show_log (&log);
  adj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (child (log, "list")));
  feed (log, 200);
  cs_test_wait_for_paint (window);
  for (guint i = 0; i < 5; i++)
    {
      CsExceptionEvent raise = { 1000 + i, 5001, NULL, "user-1", FALSE, 1000 + i, 0, 1 };

      g_clear_object (&newest);
      cs_event_log_add_exception (log, &raise);
      cs_test_wait_for_paint (window);
      newest = g_list_model_get_item (cs_event_log_get_shown (log), 0);
      row = row_for (log, newest);
      g_assert_nonnull (row);
      g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (row)));
      /* first in the view, at its top (below the row's margin) */
      g_assert_true (gtk_widget_compute_point (GTK_WIDGET (row), child (log, "list"), &GRAPHENE_POINT_INIT (0, 0), &at));
      g_assert_cmpfloat (at.y, >=, 0);
      g_assert_cmpfloat (at.y, <, 12);
      g_assert_cmpfloat (gtk_adjustment_get_value (adj), ==, 0);
    }

  /* scrolled down, to older lines: they stay where they are */
  gtk_adjustment_set_value (adj, 2000);
  cs_test_wait_for_paint (window);
  cs_test_wait_for_paint (window);
  {
    g_autoptr (GPtrArray) list = rows (log);
    graphene_point_t before, after;
    GtkWidget *viewport = child (log, "list");

    /* a line in the middle of the view */
    for (guint i = 0; i < list->len && looked_at == NULL; i++)
      if (cs_event_log_row_get_entry (list->pdata[i]) != NULL &&
          gtk_widget_compute_point (list->pdata[i], viewport, &GRAPHENE_POINT_INIT (0, 0), &before) &&
          before.y > 100 && before.y < 300)
        looked_at = g_object_ref (cs_event_log_row_get_entry (list->pdata[i]));
    g_assert_nonnull (looked_at);
    g_assert_true (gtk_widget_compute_point (GTK_WIDGET (row_for (log, looked_at)), viewport,
                                             &GRAPHENE_POINT_INIT (0, 0), &before));
    feed (log, 3);
    cs_test_wait_for_paint (window);
    cs_test_wait_for_paint (window);
    g_assert_nonnull (row_for (log, looked_at));
    g_assert_true (gtk_widget_compute_point (GTK_WIDGET (row_for (log, looked_at)), viewport,
                                             &GRAPHENE_POINT_INIT (0, 0), &after));
    g_test_message ("a line at y = %.0f before 3 new lines, at %.0f after", before.y, after.y);
    g_assert_cmpfloat (fabs (after.y - before.y), <, 1);
  }
  gtk_window_destroy (GTK_WINDOW (window));
}

/* the rows switch between call time and times of day, as the window's clock button asks */
static void
test_time_of_day (void)
{
  CsEventLog *log;
  GtkWidget *window;
  g_autoptr (CsLogEntry) entry = NULL;
  g_autoptr (GDateTime) when = g_date_time_new_from_unix_local (1764612000 + 65);
  g_autofree char *clock = g_date_time_format (when, "%X");
  CsEventLogRow *row;

  SKIP_WITHOUT_DISPLAY ();
  window = show_log (&log);
  cs_event_log_add_presence (log, 65, "user-1", TRUE);
  cs_test_wait_for_paint (window);
  entry = g_list_model_get_item (cs_event_log_get_shown (log), 0);
  row = row_for (log, entry);
  g_assert_nonnull (row);
  g_assert_cmpstr (cs_event_log_row_get_time (row), ==, "1:05");
  cs_event_log_set_time_origin (log, 1764612000);
  g_assert_cmpstr (cs_event_log_row_get_time (row), ==, clock);
  /* a line added later shows the time of day at once */
  cs_event_log_add_presence (log, 66, "user-2", TRUE);
  cs_test_wait_for_paint (window);
  {
    g_autoptr (CsLogEntry) later = g_list_model_get_item (cs_event_log_get_shown (log), 0);
    CsEventLogRow *later_row = row_for (log, later);
    g_autoptr (GDateTime) t66 = g_date_time_new_from_unix_local (1764612000 + 66);
    g_autofree char *clock66 = g_date_time_format (t66, "%X");

    g_assert_nonnull (later_row);
    g_assert_cmpstr (cs_event_log_row_get_time (later_row), ==, clock66);
  }
  cs_event_log_set_time_origin (log, NAN);
  g_assert_cmpstr (cs_event_log_row_get_time (row_for (log, entry)), ==, "1:05");
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_setenv ("GDK_DEBUG", "gl-disable", FALSE);
  have_display = gtk_init_check ();
  if (have_display)
    adw_init ();

  g_test_add_func ("/event-log/filters", test_filters);
  g_test_add_func ("/event-log/select", test_select);
  g_test_add_func ("/event-log/rows-bounded", test_rows_bounded);
  g_test_add_func ("/event-log/row-content", test_row_content);
  g_test_add_func ("/event-log/follows-newest", test_follows_newest);
  g_test_add_func ("/event-log/time-of-day", test_time_of_day);
  return g_test_run ();
}
