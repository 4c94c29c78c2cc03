/* test-connections-window.c — the connection view: what its rows and labels say, anonymised or not
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The connections are built here (CsConnectionInfo), so each text asserted is one the test
 * put there; the window is read back through its widgets, as a user would read it.
 */
#include "config.h"

#include <adwaita.h>

#include "cs-connections-window.h"
#include "cs-window.h"

static gboolean have_display;

#define SKIP_WITHOUT_DISPLAY() \
  G_STMT_START { if (!have_display) { g_test_skip ("no display"); return; } } G_STMT_END

static const char *offer_sdp =
  "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
  "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\na=sendrecv\r\na=rtpmap:111 opus/48000/2\r\n"
  "a=candidate:1 1 udp 2122260223 192.168.1.4 54321 typ host\r\n"
  "a=candidate:2 1 udp 41885439 198.51.100.2 3478 typ relay raddr 203.0.113.9 rport 1\r\n"
  "m=video 9 UDP/TLS/RTP/SAVPF 96 97 98 99\r\na=mid:1\r\na=recvonly\r\na=rtpmap:96 VP8/90000\r\n"
  "a=rtpmap:97 rtx/90000\r\na=rtpmap:98 red/90000\r\na=rtpmap:99 rtx/90000\r\n";

static void
set_candidate (CsCandidate *c, CsCandidateType type, const char *address, guint port, const char *relay_protocol)
{
  c->type = type;
  c->protocol = g_strdup ("udp");
  c->address = g_strdup (address);
  c->port = port;
  c->relay_protocol = g_strdup (relay_protocol);
}

static GListStore *
make_connections (void)
{
  GListStore *store = g_list_store_new (CS_TYPE_CONNECTION_INFO);
  g_autoptr (CsConnectionInfo) a = cs_connection_info_new ("3-1", NULL, NULL);
  g_autoptr (CsConnectionInfo) b = cs_connection_info_new ("5-1", NULL, "Peer 5-1");
  CsCandidatePair *pair;

  pair = cs_candidate_pair_new ("CPhost");
  set_candidate (&pair->local, CS_CANDIDATE_TYPE_HOST, "192.168.1.4", 54321, NULL);
  set_candidate (&pair->remote, CS_CANDIDATE_TYPE_SRFLX, "203.0.113.7", 40000, NULL);
  pair->state = g_strdup ("failed");
  pair->rtt_ms = 20;
  pair->last_seen = 4;
  cs_connection_info_add_pair (a, pair);
  pair = cs_candidate_pair_new ("CPrelay");
  set_candidate (&pair->local, CS_CANDIDATE_TYPE_RELAY, "198.51.100.2", 3478, "udp");
  set_candidate (&pair->remote, CS_CANDIDATE_TYPE_SRFLX, "203.0.113.7", 40000, NULL);
  pair->state = g_strdup ("succeeded");
  pair->nominated = TRUE;
  pair->rtt_ms = 80;
  pair->bytes_sent = 5000000;
  pair->bytes_received = 7000000;
  pair->first_seen = 3;
  pair->last_seen = 65;
  cs_connection_info_add_pair (a, pair);
  cs_connection_info_add_selected (a, 0, "CPhost");
  cs_connection_info_add_selected (a, 4, "CPrelay");
  cs_connection_info_add_description (a, 1, CS_DESCRIPTION_LOCAL, "offer", offer_sdp);
  cs_connection_info_add_description (a, 1, CS_DESCRIPTION_REMOTE, "answer", "v=0\r\nm=audio 0 UDP/TLS/RTP/SAVPF 111\r\n");

  pair = cs_candidate_pair_new ("CPother");
  set_candidate (&pair->local, CS_CANDIDATE_TYPE_PRFLX, "2001:db8::5", 9, NULL);
  set_candidate (&pair->remote, CS_CANDIDATE_TYPE_HOST, "4b1d.local", 9, NULL);
  cs_connection_info_add_pair (b, pair);
  cs_connection_info_add_pair (b, cs_candidate_pair_new ("CPbare"));   /* a dump without candidate objects */
  cs_connection_info_add_selected (b, 2, "CPbare");

  g_list_store_append (store, a);
  g_list_store_append (store, b);
  return store;
}

/* every text of the window, one a line: labels, and the children of folded expanders */
static void
collect (GtkWidget *widget, GPtrArray *texts)
{
  if (!gtk_widget_get_visible (widget))
    return;
  if (GTK_IS_LABEL (widget) && *gtk_label_get_label (GTK_LABEL (widget)) != '\0')
    g_ptr_array_add (texts, g_strdup (gtk_label_get_label (GTK_LABEL (widget))));
  if (GTK_IS_EXPANDER (widget) && !gtk_expander_get_expanded (GTK_EXPANDER (widget)) &&
      gtk_expander_get_child (GTK_EXPANDER (widget)) != NULL)
    collect (gtk_expander_get_child (GTK_EXPANDER (widget)), texts);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    collect (c, texts);
}

static GPtrArray *
texts_of (GtkWidget *window)
{
  GPtrArray *texts = g_ptr_array_new_with_free_func (g_free);

  collect (window, texts);
  return texts;
}

static guint
count (GPtrArray *texts, const char *text)
{
  guint n = 0;

  for (guint i = 0; i < texts->len; i++)
    n += g_strcmp0 (g_ptr_array_index (texts, i), text) == 0;
  return n;
}

static gboolean
any_contains (GPtrArray *texts, const char *part)
{
  for (guint i = 0; i < texts->len; i++)
    if (strstr (g_ptr_array_index (texts, i), part) != NULL)
      return TRUE;
  return FALSE;
}

static void
settle (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static GObject *
child (GtkWidget *window, const char *id)
{
  GObject *object = gtk_widget_get_template_child (window, CS_TYPE_CONNECTIONS_WINDOW, id);

  g_assert_nonnull (object);
  return object;
}

static void
test_rows (void)
{
  g_autoptr (GListStore) store = NULL;
  g_autoptr (GPtrArray) texts = NULL;
  GtkWidget *window;

  SKIP_WITHOUT_DISPLAY ();
  store = make_connections ();
  window = cs_connections_window_new (NULL, G_LIST_MODEL (store), FALSE);
  gtk_window_present (GTK_WINDOW (window));
  settle ();

  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (window, "stack"))), ==, "connection");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (child (window, "connection_row"))));
  g_assert_cmpstr (cs_connection_info_get_key (cs_connections_window_get_selected (CS_CONNECTIONS_WINDOW (window))), ==, "3-1");
  texts = texts_of (window);
  /* the pairs, the selected one marked (each pair twice: its row and its line in the selected pair over time) */
  g_assert_cmpuint (count (texts, "host udp 192.168.1.4:54321 → srflx udp 203.0.113.7:40000"), ==, 2);
  g_assert_cmpuint (count (texts, "failed · RTT 20 ms · 0 bytes sent, 0 bytes received · seen 0:00–0:04"), ==, 1);
  g_assert_cmpuint (count (texts, "relay udp 198.51.100.2:3478 (turn/udp) → srflx udp 203.0.113.7:40000"), ==, 2);
  g_assert_cmpuint (count (texts, "succeeded · nominated · RTT 80 ms · 5.0\u00a0MB sent, 7.0\u00a0MB received · seen 0:03–1:05"), ==, 1);
  g_assert_cmpuint (count (texts, "Selected"), ==, 1);
  /* the selected pair over time */
  g_assert_cmpuint (count (texts, "0:00 host ↔ srflx"), ==, 1);
  g_assert_cmpuint (count (texts, "0:04 relay ↔ srflx"), ==, 1);
  /* offer and answer, their sections folded, the codecs named once */
  g_assert_cmpuint (count (texts, "Local offer at 0:01 — 2 m-sections"), ==, 1);
  g_assert_cmpuint (count (texts, "Remote answer at 0:01 — 1 m-section"), ==, 1);
  g_assert_cmpuint (count (texts, "audio · mid 0 · sendrecv · opus"), ==, 1);
  g_assert_cmpuint (count (texts, "video · mid 1 · recvonly · VP8, rtx, red"), ==, 1);
  g_assert_cmpuint (count (texts, "audio · rejected"), ==, 1);
  g_assert_true (any_contains (texts, "m=video 9 UDP/TLS/RTP/SAVPF 96 97 98 99\na=mid:1\na=recvonly\na=rtpmap:96 VP8/90000"));
  g_assert_true (any_contains (texts, "192.168.1.4 54321 typ host"));
  g_clear_pointer (&texts, g_ptr_array_unref);

  /* the other connection */
  cs_connections_window_select (CS_CONNECTIONS_WINDOW (window), 1);
  settle ();
  texts = texts_of (window);
  g_assert_cmpuint (count (texts, "prflx udp [2001:db8::5]:9 → host udp 4b1d.local:9"), ==, 1);
  g_assert_cmpuint (count (texts, "Pair CPbare (its candidates are not in the dump)"), ==, 1);
  g_assert_cmpuint (count (texts, "0:02 CPbare"), ==, 1);
  g_assert_cmpuint (count (texts, "No description was set"), ==, 1);
  g_assert_false (any_contains (texts, "192.168.1.4"));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_anonymise (void)
{
  g_autoptr (GListStore) store = NULL;
  g_autoptr (GPtrArray) texts = NULL;
  GtkWidget *window;

  SKIP_WITHOUT_DISPLAY ();
  store = make_connections ();
  window = cs_connections_window_new (NULL, G_LIST_MODEL (store), FALSE);
  gtk_window_present (GTK_WINDOW (window));
  settle ();
  g_assert_false (cs_connections_window_get_anonymise (CS_CONNECTIONS_WINDOW (window)));
  /* the switch, as a user flips it */
  gtk_switch_set_active (GTK_SWITCH (child (window, "anonymise_switch")), TRUE);
  settle ();
  g_assert_true (cs_connections_window_get_anonymise (CS_CONNECTIONS_WINDOW (window)));
  texts = texts_of (window);
  g_assert_cmpuint (count (texts, "host udp 192.168.x.x:54321 → srflx udp 203.0.x.x:40000"), ==, 2);
  /* a relay address is kept */
  g_assert_cmpuint (count (texts, "relay udp 198.51.100.2:3478 (turn/udp) → srflx udp 203.0.x.x:40000"), ==, 2);
  g_assert_true (any_contains (texts, "198.51.100.2 3478 typ relay raddr 203.0.x.x"));
  g_assert_true (any_contains (texts, "192.168.x.x 54321 typ host"));
  g_assert_false (any_contains (texts, "192.168.1.4"));
  g_assert_false (any_contains (texts, "203.0.113."));
  g_clear_pointer (&texts, g_ptr_array_unref);

  cs_connections_window_select (CS_CONNECTIONS_WINDOW (window), 1);
  settle ();
  texts = texts_of (window);
  g_assert_cmpuint (count (texts, "prflx udp [2001:db8:…]:9 → host udp 4b1d.local:9"), ==, 1);
  g_clear_pointer (&texts, g_ptr_array_unref);

  /* and back */
  cs_connections_window_set_anonymise (CS_CONNECTIONS_WINDOW (window), FALSE);
  settle ();
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (child (window, "anonymise_switch"))));
  texts = texts_of (window);
  g_assert_cmpuint (count (texts, "prflx udp [2001:db8::5]:9 → host udp 4b1d.local:9"), ==, 1);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_empty (void)
{
  g_autoptr (GListStore) store = g_list_store_new (CS_TYPE_CONNECTION_INFO);
  g_autoptr (GListStore) full = NULL;
  g_autoptr (CsConnectionInfo) info = NULL;
  GtkWidget *window;

  SKIP_WITHOUT_DISPLAY ();
  window = cs_connections_window_new (NULL, G_LIST_MODEL (store), FALSE);
  gtk_window_present (GTK_WINDOW (window));
  settle ();
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (window, "stack"))), ==, "empty");
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (child (window, "empty_page"))), ==,
                   "This recording has no connection details");
  g_assert_null (cs_connections_window_get_selected (CS_CONNECTIONS_WINDOW (window)));

  /* the model fills (an import starts): the view follows, one connection has no selector */
  full = make_connections ();
  info = g_list_model_get_item (G_LIST_MODEL (full), 0);
  g_list_store_append (store, info);
  settle ();
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (window, "stack"))), ==, "connection");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (child (window, "connection_row"))));
  g_list_store_remove_all (store);
  settle ();
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (window, "stack"))), ==, "empty");
  gtk_window_destroy (GTK_WINDOW (window));

  window = cs_connections_window_new (NULL, G_LIST_MODEL (store), TRUE);
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (child (window, "empty_page"))), ==, "No connection yet");
  gtk_window_destroy (GTK_WINDOW (window));
}

static CsConnectionsWindow *
find_connections_window (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* (transfer none) */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) w = g_list_model_get_item (toplevels, i);

      if (CS_IS_CONNECTIONS_WINDOW (w))
        return CS_CONNECTIONS_WINDOW (w);
    }
  return NULL;
}

/* win.connections opens it, transient for the window; Ctrl+Shift+C is its accelerator */
static void
test_window_action (void)
{
  g_autoptr (GtkApplication) app = NULL;
  g_auto (GStrv) accels = NULL;
  CsConnectionsWindow *connections;
  CsWindow *window;

  SKIP_WITHOUT_DISPLAY ();
  window = g_object_ref_sink (cs_window_new (NULL));
  g_assert_null (find_connections_window ());
  gtk_widget_activate_action (GTK_WIDGET (window), "win.connections", NULL);
  connections = find_connections_window ();
  g_assert_nonnull (connections);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (connections)) == GTK_WINDOW (window));
  g_assert_null (cs_connections_window_get_selected (connections));
  gtk_window_destroy (GTK_WINDOW (connections));
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
  settle ();

  app = gtk_application_new ("io.github.callscope.TestConnections", G_APPLICATION_NON_UNIQUE);
  cs_window_install_accels (app);
  accels = gtk_application_get_accels_for_action (app, "win.connections");
  g_assert_cmpuint (g_strv_length (accels), ==, 1);
  g_assert_cmpstr (accels[0], ==, "<Shift><Control>c");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  /* as test-window: no GL in widget tests (LeakSanitizer and Mesa under Xvfb) */
  g_setenv ("GDK_DEBUG", "gl-disable", FALSE);
  have_display = gtk_init_check ();
  if (have_display)
    adw_init ();

  g_test_add_func ("/connections-window/rows", test_rows);
  g_test_add_func ("/connections-window/anonymise", test_anonymise);
  g_test_add_func ("/connections-window/empty", test_empty);
  g_test_add_func ("/connections-window/window-action", test_window_action);
  return g_test_run ();
}
