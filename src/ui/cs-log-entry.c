/* cs-log-entry.c — one line of the event log
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "cs-log-entry.h"

struct _CsLogEntry
{
  GObject   parent_instance;

  double    t;
  CsLogKind kind;
  char     *uid;
  guint     code;
  char     *title;
  char     *detail;
  char     *user_name;
  gboolean  ongoing;
  double    duration;
  double    origin;
};

enum
{
  PROP_0,
  PROP_ONGOING,
  PROP_ORIGIN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (CsLogEntry, cs_log_entry, G_TYPE_OBJECT)

static void
cs_log_entry_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  CsLogEntry *self = CS_LOG_ENTRY (object);

  switch (prop_id)
    {
    case PROP_ONGOING:
      g_value_set_boolean (value, self->ongoing);
      break;
    case PROP_ORIGIN:
      g_value_set_double (value, self->origin);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_log_entry_finalize (GObject *object)
{
  CsLogEntry *self = CS_LOG_ENTRY (object);

  g_free (self->uid);
  g_free (self->title);
  g_free (self->detail);
  g_free (self->user_name);
  G_OBJECT_CLASS (cs_log_entry_parent_class)->finalize (object);
}

static void
cs_log_entry_class_init (CsLogEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cs_log_entry_finalize;
  object_class->get_property = cs_log_entry_get_property;
  properties[PROP_ONGOING] =
    g_param_spec_boolean ("ongoing", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* NAN: call time */
  properties[PROP_ORIGIN] =
    g_param_spec_double ("origin", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cs_log_entry_init (CsLogEntry *self)
{
  self->origin = NAN;
}

CsLogEntry *
cs_log_entry_new (double t, CsLogKind kind, const char *uid, guint code, const char *title, const char *detail)
{
  CsLogEntry *self = g_object_new (CS_TYPE_LOG_ENTRY, NULL);

  self->t = t;
  self->kind = kind;
  self->uid = g_strdup (uid != NULL ? uid : "");
  self->code = code;
  self->title = g_strdup (title);
  self->detail = g_strdup (detail);
  self->ongoing = kind == CS_LOG_KIND_EXCEPTION;
  return self;
}

double      cs_log_entry_get_t        (CsLogEntry *self) { return self->t; }
CsLogKind   cs_log_entry_get_kind     (CsLogEntry *self) { return self->kind; }
const char *cs_log_entry_get_uid      (CsLogEntry *self) { return self->uid; }
guint       cs_log_entry_get_code     (CsLogEntry *self) { return self->code; }
const char *cs_log_entry_get_title    (CsLogEntry *self) { return self->title; }
const char *cs_log_entry_get_detail   (CsLogEntry *self) { return self->detail; }
gboolean    cs_log_entry_get_ongoing  (CsLogEntry *self) { return self->ongoing; }
double      cs_log_entry_get_duration (CsLogEntry *self) { return self->duration; }

const char *
cs_log_entry_get_user_name (CsLogEntry *self)
{
  g_return_val_if_fail (CS_IS_LOG_ENTRY (self), NULL);
  return self->user_name != NULL ? self->user_name : self->uid;
}

void
cs_log_entry_set_user_name (CsLogEntry *self, const char *name)
{
  g_return_if_fail (CS_IS_LOG_ENTRY (self));
  if (g_strcmp0 (self->user_name, name) == 0)
    return;
  g_free (self->user_name);
  self->user_name = g_strdup (name);
}

double
cs_log_entry_get_origin (CsLogEntry *self)
{
  g_return_val_if_fail (CS_IS_LOG_ENTRY (self), NAN);
  return self->origin;
}

void
cs_log_entry_set_origin (CsLogEntry *self, double origin)
{
  g_return_if_fail (CS_IS_LOG_ENTRY (self));
  if (self->origin == origin || (isnan (self->origin) && isnan (origin)))
    return;
  self->origin = origin;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ORIGIN]);
}

void
cs_log_entry_set_recovered (CsLogEntry *self, double duration)
{
  g_return_if_fail (CS_IS_LOG_ENTRY (self));
  self->duration = duration;
  if (self->ongoing)
    {
      self->ongoing = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ONGOING]);
    }
}
