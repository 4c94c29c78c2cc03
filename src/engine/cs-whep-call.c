/* cs-whep-call.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cs-whep-call.h"

struct _CsWhepCall
{
  CsWhipCall parent_instance;
};

G_DEFINE_FINAL_TYPE (CsWhepCall, cs_whep_call, CS_TYPE_WHIP_CALL)

static void
cs_whep_call_class_init (CsWhepCallClass *klass)
{
  CS_WHIP_CALL_CLASS (klass)->watch = TRUE;
}

static void
cs_whep_call_init (CsWhepCall *self)
{
}

CsWhepCall *
cs_whep_call_new (const CsCallConfig *config, GError **error)
{
  g_autoptr(CsWhepCall) self = g_object_new (CS_TYPE_WHEP_CALL, NULL);

  if (!cs_whip_call_configure (CS_WHIP_CALL (self), config->whep_url, config, error))
    return NULL;
  return g_steal_pointer (&self);
}
