/* cs-openmetrics.c — a call's metrics in the OpenMetrics and Prometheus text formats
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "cs-openmetrics.h"

#define MAX_STREAMS 4096

typedef enum
{
  TYPE_GAUGE,
  TYPE_COUNTER,
  TYPE_INFO,
} FamilyType;

typedef struct
{
  const char *name;   /* the family's name: without _total / _info */
  FamilyType  type;
  const char *unit;   /* NULL, or the unit the name ends with */
  const char *help;
} Family;

enum
{
  F_BUILD,
  F_UP,
  F_DURATION,
  F_USERS,
  F_QUALITY,
  F_LOSS,
  F_RTT,
  F_JITTER,
  F_DELAY,
  F_PACKETS,
  F_BYTES,
  F_LOST,
  F_FREEZE,
  F_EXCEPTIONS,
  F_ACTIVE,
  N_FAMILIES
};

/* docs/metrics.md lists the same, with their labels */
static const Family families[N_FAMILIES] = {
  [F_BUILD] = { "callscope_build", TYPE_INFO, NULL, "Callscope's version" },
  [F_UP] = { "callscope_call_up", TYPE_GAUGE, NULL, "1 while a call is joined, 0 before and after, and while its server is lost" },
  [F_DURATION] = { "callscope_call_duration_seconds", TYPE_GAUGE, "seconds", "How long the call has lasted (the last call's length once it ended)" },
  [F_USERS] = { "callscope_users_present", TYPE_GAUGE, NULL, "Users in the call now, the local user included" },
  [F_QUALITY] = { "callscope_network_quality", TYPE_GAUGE, NULL, "Agora network quality of a user's uplink or downlink: 0 unknown, 1 excellent ... 6 down" },
  [F_LOSS] = { "callscope_packet_loss_ratio", TYPE_GAUGE, "ratio", "Current packet loss of the media received from a user, 0 to 1" },
  [F_RTT] = { "callscope_rtt_seconds", TYPE_GAUGE, "seconds", "Round-trip time of a user's connection" },
  [F_JITTER] = { "callscope_jitter_seconds", TYPE_GAUGE, "seconds", "Interarrival jitter of the media received from a user" },
  [F_DELAY] = { "callscope_delay_seconds", TYPE_GAUGE, "seconds", "Transport, receive and end-to-end delay of a user's video, measured or estimated" },
  [F_PACKETS] = { "callscope_packets", TYPE_COUNTER, NULL, "RTP packets a user sent or received" },
  [F_BYTES] = { "callscope_bytes", TYPE_COUNTER, "bytes", "RTP payload bytes a user sent or received" },
  [F_LOST] = { "callscope_packets_lost", TYPE_COUNTER, NULL, "RTP packets lost on their way to a user (received) or from a user (sent, as its receivers reported)" },
  [F_FREEZE] = { "callscope_video_freeze_seconds", TYPE_COUNTER, "seconds", "Time the video received from a user was frozen, summed over its receivers" },
  [F_EXCEPTIONS] = { "callscope_exceptions", TYPE_COUNTER, NULL, "Exceptions raised, per code" },
  [F_ACTIVE] = { "callscope_exception_active", TYPE_GAUGE, NULL, "1 for each exception raised and not yet recovered, per user and code" },
};

typedef struct
{
  guint64 packets;
  guint64 bytes;
  gint64  lost;
  double  freeze_ms;
} StreamLast;

typedef struct
{
  guint64 packets;
  guint64 bytes;
  guint64 lost;
} Totals;

struct _CsOpenMetrics
{
  GObject       parent_instance;

  CsStatsModel *model;
  char         *probe_label;  /* probe="…" or NULL */
  GHashTable   *streams;      /* stream key -> StreamLast */
  GHashTable   *totals;       /* "user\nkind\ndirection" (escaped labels) -> Totals */
  GHashTable   *freeze;       /* user label -> double * (s) */
  GHashTable   *users;        /* uids counted (set), at most CS_OPENMETRICS_MAX_USERS */
  GHashTable   *raised;       /* code -> guint64 * */
  GHashTable   *active;       /* "uid\ncode" -> CsExceptionEvent * (the raise) */
};

G_DEFINE_FINAL_TYPE (CsOpenMetrics, cs_openmetrics, G_TYPE_OBJECT)

void
cs_openmetrics_append_label_value (GString *out, const char *value)
{
  g_autofree char *valid = g_utf8_make_valid (value != NULL ? value : "", -1);
  g_autofree char *cut = NULL;
  const char *p;

  if (g_utf8_strlen (valid, -1) > CS_OPENMETRICS_MAX_LABEL_CHARS)
    cut = g_utf8_substring (valid, 0, CS_OPENMETRICS_MAX_LABEL_CHARS);
  for (p = cut != NULL ? cut : valid; *p != '\0'; p++)
    {
      if (*p == '\\')
        g_string_append (out, "\\\\");
      else if (*p == '"')
        g_string_append (out, "\\\"");
      else if (*p == '\n')
        g_string_append (out, "\\n");
      else
        g_string_append_c (out, *p);
    }
}

static void
append_label (GString *out, const char *name, const char *value)
{
  if (out->len > 0)
    g_string_append_c (out, ',');
  g_string_append_printf (out, "%s=\"", name);
  cs_openmetrics_append_label_value (out, value);
  g_string_append_c (out, '"');
}

/* TRUE when @uid may be counted: already counted, or there is room for one more */
static gboolean
admit_user (CsOpenMetrics *self, const char *uid)
{
  if (g_hash_table_contains (self->users, uid))
    return TRUE;
  if (g_hash_table_size (self->users) >= CS_OPENMETRICS_MAX_USERS)
    return FALSE;
  g_hash_table_add (self->users, g_strdup (uid));
  return TRUE;
}

/* the increase of a cumulative counter from @last to @now; a counter that went down
 * started again from zero (a new stream behind the same key) */
static guint64
increase (guint64 last, guint64 now)
{
  return now >= last ? now - last : now;
}

static void
on_sample_ingested (CsStatsModel *model, const CsStatsSample *s, CsOpenMetrics *self)
{
  g_autofree char *stream_key = NULL;
  g_autoptr (GString) key = NULL;
  StreamLast *last;
  Totals *totals;
  gboolean inbound = s->direction == CS_SAMPLE_DIRECTION_INBOUND;
  gint64 lost = s->has_packets_lost ? MAX (s->packets_lost, 0) : 0;

  if (s->kind == CS_SAMPLE_KIND_CONNECTION || s->observer_uid == NULL || !admit_user (self, s->observer_uid))
    return;
  stream_key = g_strdup_printf ("%s\n%s\n%d\n%d\n%u", s->observer_uid, s->peer_uid != NULL ? s->peer_uid : "",
                                s->kind, s->direction, s->ssrc);
  last = g_hash_table_lookup (self->streams, stream_key);
  if (last == NULL)
    {
      if (g_hash_table_size (self->streams) >= MAX_STREAMS)
        return;
      last = g_new0 (StreamLast, 1);
      g_hash_table_insert (self->streams, g_steal_pointer (&stream_key), last);
    }

  key = g_string_new (NULL);
  append_label (key, "user", s->observer_uid);
  append_label (key, "kind", cs_sample_kind_to_string (s->kind));
  append_label (key, "direction", inbound ? "received" : "sent");
  totals = g_hash_table_lookup (self->totals, key->str);
  if (totals == NULL)
    {
      totals = g_new0 (Totals, 1);
      g_hash_table_insert (self->totals, g_strdup (key->str), totals);
    }
  totals->packets += increase (last->packets, s->packets);
  totals->bytes += increase (last->bytes, s->bytes);
  totals->lost += increase ((guint64) last->lost, (guint64) lost);
  last->packets = s->packets;
  last->bytes = s->bytes;
  last->lost = lost;

  if (inbound && s->kind == CS_SAMPLE_KIND_VIDEO && s->total_freeze_ms >= 0 && s->peer_uid != NULL &&
      admit_user (self, s->peer_uid))
    {
      g_autoptr (GString) user = g_string_new (NULL);
      double *seconds;
      double delta = s->total_freeze_ms >= last->freeze_ms ? s->total_freeze_ms - last->freeze_ms : s->total_freeze_ms;

      append_label (user, "user", s->peer_uid);
      seconds = g_hash_table_lookup (self->freeze, user->str);
      if (seconds == NULL)
        {
          seconds = g_new0 (double, 1);
          g_hash_table_insert (self->freeze, g_strdup (user->str), seconds);
        }
      *seconds += delta / 1000.0;
      last->freeze_ms = s->total_freeze_ms;
    }
}

static void
on_exception (CsStatsModel *model, const CsExceptionEvent *event, CsOpenMetrics *self)
{
  g_autofree char *key = NULL;

  if (event->is_recovery)
    {
      key = g_strdup_printf ("%s\n%u", event->uid != NULL ? event->uid : "", event->code - CS_EXCEPTION_RECOVERY_OFFSET);
      g_hash_table_remove (self->active, key);
      return;
    }

  {
    guint64 *count = g_hash_table_lookup (self->raised, GUINT_TO_POINTER (event->code));

    if (count == NULL)
      {
        count = g_new0 (guint64, 1);
        g_hash_table_insert (self->raised, GUINT_TO_POINTER (event->code), count);
      }
    (*count)++;
  }
  /* notices (51xx) have no recovery: they are never "active" */
  if (event->code / 100 == 51 || g_hash_table_size (self->active) >= MAX_STREAMS)
    return;
  key = g_strdup_printf ("%s\n%u", event->uid != NULL ? event->uid : "", event->code);
  g_hash_table_insert (self->active, g_steal_pointer (&key), cs_exception_event_copy (event));
}

/* a new call or the end of one: nothing is active any more */
static void
on_state (CsStatsModel *model, GParamSpec *pspec, CsOpenMetrics *self)
{
  g_hash_table_remove_all (self->active);
}

static void
cs_openmetrics_dispose (GObject *object)
{
  CsOpenMetrics *self = CS_OPENMETRICS (object);

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_clear_object (&self->model);
  G_OBJECT_CLASS (cs_openmetrics_parent_class)->dispose (object);
}

static void
cs_openmetrics_finalize (GObject *object)
{
  CsOpenMetrics *self = CS_OPENMETRICS (object);

  g_clear_pointer (&self->probe_label, g_free);
  g_clear_pointer (&self->streams, g_hash_table_unref);
  g_clear_pointer (&self->totals, g_hash_table_unref);
  g_clear_pointer (&self->freeze, g_hash_table_unref);
  g_clear_pointer (&self->users, g_hash_table_unref);
  g_clear_pointer (&self->raised, g_hash_table_unref);
  g_clear_pointer (&self->active, g_hash_table_unref);
  G_OBJECT_CLASS (cs_openmetrics_parent_class)->finalize (object);
}

static void
cs_openmetrics_class_init (CsOpenMetricsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cs_openmetrics_dispose;
  object_class->finalize = cs_openmetrics_finalize;
}

static void
cs_openmetrics_init (CsOpenMetrics *self)
{
  self->streams = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->totals = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->freeze = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->users = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->raised = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  self->active = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) cs_exception_event_free);
}

CsOpenMetrics *
cs_openmetrics_new (CsStatsModel *model)
{
  CsOpenMetrics *self;

  g_return_val_if_fail (CS_IS_STATS_MODEL (model), NULL);
  self = g_object_new (CS_TYPE_OPENMETRICS, NULL);
  self->model = g_object_ref (model);
  g_signal_connect (model, "sample-ingested", G_CALLBACK (on_sample_ingested), self);
  g_signal_connect (model, "exception", G_CALLBACK (on_exception), self);
  g_signal_connect (model, "notify::state", G_CALLBACK (on_state), self);
  return self;
}

void
cs_openmetrics_set_probe_name (CsOpenMetrics *self, const char *probe_name)
{
  g_autoptr (GString) label = NULL;

  g_return_if_fail (CS_IS_OPENMETRICS (self));
  g_clear_pointer (&self->probe_label, g_free);
  if (probe_name == NULL)
    return;
  label = g_string_new (NULL);
  append_label (label, "probe", probe_name);
  self->probe_label = g_string_free (g_steal_pointer (&label), FALSE);
}

/* Writing */

typedef struct
{
  GString        *out;
  CsMetricsFormat format;
  const char     *probe_label;
} Writer;

static void
family_header (Writer *w, guint f)
{
  const Family *family = &families[f];
  gboolean om = w->format == CS_METRICS_FORMAT_OPENMETRICS;
  const char *suffix = "";
  const char *type = "gauge";

  if (family->type == TYPE_COUNTER)
    {
      type = "counter";
      suffix = om ? "" : "_total";
    }
  else if (family->type == TYPE_INFO)
    {
      type = om ? "info" : "gauge";
      suffix = om ? "" : "_info";
    }
  if (om)
    {
      g_string_append_printf (w->out, "# TYPE %s %s\n", family->name, type);
      if (family->unit != NULL)
        g_string_append_printf (w->out, "# UNIT %s %s\n", family->name, family->unit);
      g_string_append_printf (w->out, "# HELP %s %s\n", family->name, family->help);
    }
  else
    {
      g_string_append_printf (w->out, "# HELP %s%s %s\n", family->name, suffix, family->help);
      g_string_append_printf (w->out, "# TYPE %s%s %s\n", family->name, suffix, type);
    }
}

static void
format_double (char *buffer, gsize size, double value)
{
  if (isnan (value))
    g_strlcpy (buffer, "NaN", size);
  else if (isinf (value))
    g_strlcpy (buffer, value > 0 ? "+Inf" : "-Inf", size);
  else
    g_ascii_formatd (buffer, (int) size, "%.9g", value);
}

/* one sample of family @f with @labels (escaped, comma-separated, may be "") and @value */
static void
sample (Writer *w, guint f, const char *labels, const char *value)
{
  const Family *family = &families[f];
  gboolean any = w->probe_label != NULL || (labels != NULL && *labels != '\0');

  g_string_append (w->out, family->name);
  if (family->type == TYPE_COUNTER)
    g_string_append (w->out, "_total");
  else if (family->type == TYPE_INFO)
    g_string_append (w->out, "_info");
  if (any)
    {
      g_string_append_c (w->out, '{');
      if (w->probe_label != NULL)
        g_string_append (w->out, w->probe_label);
      if (labels != NULL && *labels != '\0')
        {
          if (w->probe_label != NULL)
            g_string_append_c (w->out, ',');
          g_string_append (w->out, labels);
        }
      g_string_append_c (w->out, '}');
    }
  g_string_append_printf (w->out, " %s\n", value);
}

static void
sample_double (Writer *w, guint f, const char *labels, double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  format_double (buffer, sizeof buffer, value);
  sample (w, f, labels, buffer);
}

static void
sample_uint (Writer *w, guint f, const char *labels, guint64 value)
{
  char buffer[32];

  g_snprintf (buffer, sizeof buffer, "%" G_GUINT64_FORMAT, value);
  sample (w, f, labels, buffer);
}

static int
compare_codes (gconstpointer a, gconstpointer b)
{
  guint x = GPOINTER_TO_UINT (a), y = GPOINTER_TO_UINT (b);

  return x < y ? -1 : x > y;
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* (transfer container) the keys of @table, sorted */
static GPtrArray *
sorted_keys (GHashTable *table)
{
  GPtrArray *keys = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (keys, key);
  g_ptr_array_sort (keys, compare_strings);
  return keys;
}

/* the present participants, in the model's order: (transfer full) */
static GPtrArray *
present_participants (CsStatsModel *model)
{
  GPtrArray *present = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (model));

  if (cs_stats_model_get_state (model) != CS_CALL_STATE_JOINED)
    return present;
  for (guint i = 0; i < n; i++)
    {
      CsParticipant *p = g_list_model_get_item (G_LIST_MODEL (model), i);

      if (cs_participant_get_present (p))
        g_ptr_array_add (present, p);
      else
        g_object_unref (p);
    }
  return present;
}

static char *
user_labels (CsParticipant *p, const char *name, const char *value)
{
  GString *labels = g_string_new (NULL);

  append_label (labels, "user", cs_participant_get_uid (p));
  if (name != NULL)
    append_label (labels, name, value);
  return g_string_free (labels, FALSE);
}

static void
write_user_gauge (Writer *w, GPtrArray *present, guint f, double scale, double (*get) (CsParticipant *))
{
  family_header (w, f);
  for (guint i = 0; i < present->len; i++)
    {
      double value = get (present->pdata[i]);
      g_autofree char *labels = NULL;

      if (value < 0)
        continue;
      labels = user_labels (present->pdata[i], NULL, NULL);
      sample_double (w, f, labels, value * scale);
    }
}

static void
write_delays (Writer *w, GPtrArray *present)
{
  static const struct { CsSeriesId id; const char *name; } delays[] = {
    { CS_SERIES_TRANSPORT_DELAY, "transport" },
    { CS_SERIES_RECEIVE_DELAY, "receive" },
    { CS_SERIES_END2END_DELAY, "end2end" },
  };

  family_header (w, F_DELAY);
  for (guint i = 0; i < present->len; i++)
    {
      CsParticipant *p = present->pdata[i];
      double t, measured = 0;

      if (!cs_time_series_get_last (cs_participant_get_series (p, CS_SERIES_DELAY_MEASURED), &t, &measured))
        measured = 0;
      for (guint d = 0; d < G_N_ELEMENTS (delays); d++)
        {
          g_autofree char *labels = user_labels (p, "delay", delays[d].name);
          g_autoptr (GString) all = g_string_new (labels);
          double value;

          if (!cs_time_series_get_last (cs_participant_get_series (p, delays[d].id), &t, &value) || value < 0)
            continue;
          append_label (all, "measured", measured > 0 ? "true" : "false");
          sample_double (w, F_DELAY, all->str, value / 1000.0);
        }
    }
}

static void
write_counters (Writer *w, CsOpenMetrics *self)
{
  g_autoptr (GPtrArray) keys = sorted_keys (self->totals);
  g_autoptr (GPtrArray) users = NULL;
  g_autoptr (GList) codes = NULL;

  family_header (w, F_PACKETS);
  for (guint i = 0; i < keys->len; i++)
    sample_uint (w, F_PACKETS, keys->pdata[i], ((Totals *) g_hash_table_lookup (self->totals, keys->pdata[i]))->packets);
  family_header (w, F_BYTES);
  for (guint i = 0; i < keys->len; i++)
    sample_uint (w, F_BYTES, keys->pdata[i], ((Totals *) g_hash_table_lookup (self->totals, keys->pdata[i]))->bytes);
  family_header (w, F_LOST);
  for (guint i = 0; i < keys->len; i++)
    sample_uint (w, F_LOST, keys->pdata[i], ((Totals *) g_hash_table_lookup (self->totals, keys->pdata[i]))->lost);

  users = sorted_keys (self->freeze);
  family_header (w, F_FREEZE);
  for (guint i = 0; i < users->len; i++)
    sample_double (w, F_FREEZE, users->pdata[i], *(double *) g_hash_table_lookup (self->freeze, users->pdata[i]));

  family_header (w, F_EXCEPTIONS);
  codes = g_list_sort (g_hash_table_get_keys (self->raised), compare_codes);
  for (GList *l = codes; l != NULL; l = l->next)
    {
      guint code = GPOINTER_TO_UINT (l->data);
      const char *name = cs_exception_code_name (code);
      g_autoptr (GString) labels = g_string_new (NULL);
      char text[16];

      g_snprintf (text, sizeof text, "%u", code);
      append_label (labels, "code", text);
      append_label (labels, "name", name != NULL ? name : "UNKNOWN");
      sample_uint (w, F_EXCEPTIONS, labels->str, *(guint64 *) g_hash_table_lookup (self->raised, l->data));
    }
}

static void
write_active (Writer *w, CsOpenMetrics *self)
{
  g_autoptr (GPtrArray) keys = sorted_keys (self->active);

  family_header (w, F_ACTIVE);
  for (guint i = 0; i < keys->len; i++)
    {
      const CsExceptionEvent *event = g_hash_table_lookup (self->active, keys->pdata[i]);
      const char *name = cs_exception_code_name (event->code);
      g_autoptr (GString) labels = g_string_new (NULL);
      char text[16];

      g_snprintf (text, sizeof text, "%u", event->code);
      append_label (labels, "user", event->uid);
      append_label (labels, "code", text);
      append_label (labels, "name", name != NULL ? name : "UNKNOWN");
      sample (w, F_ACTIVE, labels->str, "1");
    }
}

static double
get_loss (CsParticipant *p)
{
  return cs_participant_get_loss (p);
}

char *
cs_openmetrics_write (CsOpenMetrics *self, CsMetricsFormat format)
{
  g_autoptr (GPtrArray) present = NULL;
  GString *out;
  Writer w;

  g_return_val_if_fail (CS_IS_OPENMETRICS (self), NULL);
  out = g_string_sized_new (8192);
  w = (Writer) { out, format, self->probe_label };
  present = present_participants (self->model);

  family_header (&w, F_BUILD);
  {
    g_autoptr (GString) labels = g_string_new (NULL);

    append_label (labels, "version", PACKAGE_VERSION);
    sample (&w, F_BUILD, labels->str, "1");
  }
  family_header (&w, F_UP);
  /* a probe whose server is gone stays in its call (it joins again) but is down */
  sample (&w, F_UP, "", cs_stats_model_get_state (self->model) == CS_CALL_STATE_JOINED &&
                        !cs_stats_model_get_server_lost (self->model) ? "1" : "0");
  family_header (&w, F_DURATION);
  sample_double (&w, F_DURATION, "", cs_stats_model_get_duration (self->model));
  family_header (&w, F_USERS);
  sample_uint (&w, F_USERS, "", present->len);

  family_header (&w, F_QUALITY);
  for (guint i = 0; i < present->len; i++)
    {
      g_autofree char *up = user_labels (present->pdata[i], "direction", "uplink");
      g_autofree char *down = user_labels (present->pdata[i], "direction", "downlink");

      sample_uint (&w, F_QUALITY, up, cs_participant_get_uplink_quality (present->pdata[i]));
      sample_uint (&w, F_QUALITY, down, cs_participant_get_downlink_quality (present->pdata[i]));
    }
  write_user_gauge (&w, present, F_LOSS, 0.01, get_loss);
  write_user_gauge (&w, present, F_RTT, 0.001, cs_participant_get_rtt);
  write_user_gauge (&w, present, F_JITTER, 0.001, cs_participant_get_jitter);
  write_delays (&w, present);
  write_counters (&w, self);
  write_active (&w, self);
  if (format == CS_METRICS_FORMAT_OPENMETRICS)
    g_string_append (out, "# EOF\n");
  return g_string_free (out, FALSE);
}

const char * const *
cs_openmetrics_sample_names (void)
{
  /* the families above, as their samples are named (a test checks that they agree) */
  static const char * const names[N_FAMILIES + 1] = {
    "callscope_build_info", "callscope_call_up", "callscope_call_duration_seconds",
    "callscope_users_present", "callscope_network_quality", "callscope_packet_loss_ratio",
    "callscope_rtt_seconds", "callscope_jitter_seconds", "callscope_delay_seconds",
    "callscope_packets_total", "callscope_bytes_total", "callscope_packets_lost_total",
    "callscope_video_freeze_seconds_total", "callscope_exceptions_total",
    "callscope_exception_active", NULL,
  };

  return names;
}
