/* cs-janus-departures.c — how a publisher left: stopped publishing, left, or lost
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Janus says "unpublished" when a publisher stops sending and "leaving" when it leaves the
 * room. A browser that is killed (or a tab closed) gets both within milliseconds, as Janus
 * tears its session down (seen with Debian's Janus 1.1.2: 3 ms apart). So an "unpublished"
 * holds the feed's removal for HOLD_MS: a "leaving" (or the handle's "detached") meanwhile
 * names the departure a lost connection; otherwise it was a publisher that stopped
 * publishing and stays in the room.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "cs-janus-call-private.h"

#define HOLD_MS 500

typedef struct
{
  CsJanusCall *call;   /* not a reference: the call clears its held removals before it goes */
  char        *feed;
} Held;

static void
held_free (gpointer data)
{
  Held *held = data;

  g_free (held->feed);
  g_free (held);
}

static gboolean
on_held (gpointer data)
{
  Held *held = data;
  CsJanusCall *self = held->call;
  g_autofree char *feed = g_strdup (held->feed);

  /* the table forgets the source without removing it: it ends as this returns */
  g_hash_table_steal (self->unpublishing, feed);
  _cs_janus_remove_feed (self, feed, _("stopped publishing"));
  return G_SOURCE_REMOVE;
}

static void
source_remove (gpointer id)
{
  g_source_remove (GPOINTER_TO_UINT (id));
}

void
_cs_janus_feed_unpublished (CsJanusCall *self, const char *feed)
{
  Held *held;
  guint id;

  if (!g_hash_table_contains (self->feeds, feed))
    {
      /* not watched (left out, or gone already): nothing to hold */
      _cs_janus_remove_feed (self, feed, _("stopped publishing"));
      return;
    }
  if (self->unpublishing == NULL)
    self->unpublishing = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, source_remove);
  if (g_hash_table_contains (self->unpublishing, feed))
    return; /* Janus says it on each handle */
  held = g_new0 (Held, 1);
  held->call = self;
  held->feed = g_strdup (feed);
  id = g_timeout_add_full (G_PRIORITY_DEFAULT, HOLD_MS, on_held, held, held_free);
  g_hash_table_insert (self->unpublishing, g_strdup (feed), GUINT_TO_POINTER (id));
}

const char *
_cs_janus_departure_reason (CsJanusCall *self, const char *feed)
{
  if (self->unpublishing != NULL && g_hash_table_remove (self->unpublishing, feed))
    return _("connection lost: unpublished and left the room at once (a browser killed or closed)");
  return _("left the room");
}

void
_cs_janus_departures_clear (CsJanusCall *self)
{
  g_clear_pointer (&self->unpublishing, g_hash_table_unref);
}
