/* cs-exception-detector.c — debounced raise/recover of exception events
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "cs-exception-detector.h"


typedef struct
{
  guint32  history;     /* bit i = observation i back was bad */
  guint    observed;    /* observations so far (saturates at 32) */
  gboolean raised;
  double   raised_at;
} Condition;

struct _CsExceptionDetector
{
  GObject     parent_instance;
  guint       window;
  guint       raise_count;
  GHashTable *conditions; /* "code|uid" -> Condition*; lookup only, never iterated for output */
};

G_DEFINE_FINAL_TYPE (CsExceptionDetector, cs_exception_detector, G_TYPE_OBJECT)

static void
cs_exception_detector_finalize (GObject *object)
{
  CsExceptionDetector *self = CS_EXCEPTION_DETECTOR (object);

  g_hash_table_unref (self->conditions);
  G_OBJECT_CLASS (cs_exception_detector_parent_class)->finalize (object);
}

static void
cs_exception_detector_class_init (CsExceptionDetectorClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cs_exception_detector_finalize;
}

static void
cs_exception_detector_init (CsExceptionDetector *self)
{
  self->conditions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->window = 5;
  self->raise_count = 3;
}

void
cs_exception_detector_configure (CsExceptionDetector *self,
                                 guint                window,
                                 guint                raise_count)
{
  g_return_if_fail (CS_IS_EXCEPTION_DETECTOR (self));

  self->window = CLAMP (window, 1, 32);
  self->raise_count = CLAMP (raise_count, 1, self->window);
}

CsExceptionDetector *
cs_exception_detector_new (guint window,
                           guint raise_count)
{
  CsExceptionDetector *self = g_object_new (CS_TYPE_EXCEPTION_DETECTOR, NULL);

  cs_exception_detector_configure (self, window, raise_count);
  return self;
}

static Condition *
lookup (CsExceptionDetector *self,
        guint                code,
        const char          *uid,
        gboolean             create)
{
  g_autofree char *key = g_strdup_printf ("%u|%s", code, uid != NULL ? uid : "");
  Condition *c = g_hash_table_lookup (self->conditions, key);

  if (c == NULL && create)
    {
      c = g_new0 (Condition, 1);
      g_hash_table_insert (self->conditions, g_steal_pointer (&key), c);
    }
  return c;
}

static CsExceptionEvent *
make_event (double      t,
            guint       code,
            const char *uid,
            double      value)
{
  CsExceptionEvent *ev = g_new0 (CsExceptionEvent, 1);
  const char *name = cs_exception_code_name (code);

  ev->t = t;
  ev->code = code;
  ev->msg = g_strdup (name != NULL ? name : "UNKNOWN");
  ev->uid = g_strdup (uid != NULL ? uid : "");
  ev->started_at = t;
  ev->value = value;
  return ev;
}

CsExceptionEvent *
cs_exception_detector_observe (CsExceptionDetector *self,
                               double               t,
                               guint                code,
                               const char          *uid,
                               gboolean             bad,
                               double               value)
{
  Condition *c;
  guint32 mask;
  guint n_bad;

  g_return_val_if_fail (CS_IS_EXCEPTION_DETECTOR (self), NULL);

  c = lookup (self, code, uid, TRUE);
  c->history = (c->history << 1) | (bad ? 1u : 0u);
  if (c->observed < 32)
    c->observed++;

  mask = self->window >= 32 ? G_MAXUINT32 : ((1u << self->window) - 1);
  n_bad = (guint) __builtin_popcount (c->history & mask);

  if (!c->raised && n_bad >= self->raise_count)
    {
      c->raised = TRUE;
      c->raised_at = t;
      return make_event (t, code, uid, value);
    }
  if (c->raised && n_bad == 0 && c->observed >= self->window)
    {
      CsExceptionEvent *ev = make_event (t, code + CS_EXCEPTION_RECOVERY_OFFSET, uid, value);

      c->raised = FALSE;
      ev->is_recovery = TRUE;
      ev->started_at = c->raised_at;
      ev->duration = t - c->raised_at;
      return ev;
    }
  return NULL;
}

gboolean
cs_exception_detector_is_raised (CsExceptionDetector *self,
                                 guint                code,
                                 const char          *uid)
{
  Condition *c;

  g_return_val_if_fail (CS_IS_EXCEPTION_DETECTOR (self), FALSE);

  c = lookup (self, code, uid, FALSE);
  return c != NULL && c->raised;
}

void
cs_exception_detector_reset (CsExceptionDetector *self)
{
  g_return_if_fail (CS_IS_EXCEPTION_DETECTOR (self));
  g_hash_table_remove_all (self->conditions);
}
