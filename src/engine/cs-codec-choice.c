/* cs-codec-choice.c — how a received RTP stream is decoded (see cs-codec-choice.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cs-codec-choice.h"

#define QUEUE "queue max-size-time=500000000"
#define VIDEO_TAIL "videoconvert name=conv"
#define AUDIO_TAIL "audioconvert ! audio/x-raw,format=S16LE ! fakesink name=asink sync=false async=false"

typedef struct
{
  const char *factory;
  const char *args;   /* its properties, or "" */
} Element;

typedef struct
{
  const char *encoding;
  gboolean    video;
  Element     depay;
  const char *parse;  /* or NULL */
  Element     decoders[3];
} Codec;

/* max-errors=-1: a decoder that fails a frame drops it and goes on (the meter counts what
 * went in and did not come out) instead of stopping the stream with an error; qos=false on
 * video: a frame dropped as late on a busy machine is not a decode failure */
static const Codec codecs[] = {
  { "VP8", TRUE, { "rtpvp8depay", "request-keyframe=true wait-for-keyframe=true" }, NULL,
    { { "vp8dec", "threads=1 max-errors=-1 qos=false" } } },
  { "VP9", TRUE, { "rtpvp9depay", "request-keyframe=true wait-for-keyframe=true" }, NULL,
    { { "vp9dec", "threads=1 max-errors=-1 qos=false" } } },
  { "H264", TRUE, { "rtph264depay", "request-keyframe=true wait-for-keyframe=true" }, "h264parse",
    { { "avdec_h264", "max-threads=1 max-errors=-1 qos=false" }, { "openh264dec", "max-errors=-1 qos=false" } } },
  /* GStreamer 1.22 has no AV1 depayloader outside the Rust plugins (rtpav1depay) */
  { "AV1", TRUE, { "rtpav1depay", "" }, "av1parse",
    { { "dav1ddec", "max-errors=-1 qos=false" }, { "av1dec", "max-errors=-1 qos=false" } } },
  { "OPUS", FALSE, { "rtpopusdepay", "" }, NULL, { { "opusdec", "plc=true max-errors=-1" } } },
  { "PCMU", FALSE, { "rtppcmudepay", "" }, NULL, { { "mulawdec", "" } } },
  { "PCMA", FALSE, { "rtppcmadepay", "" }, NULL, { { "alawdec", "" } } },
  { "G722", FALSE, { "rtpg722depay", "" }, NULL, { { "avdec_g722", "max-errors=-1" } } },
};

static gboolean
registry_has (const char *name)
{
  g_autoptr (GstElementFactory) factory = gst_element_factory_find (name);

  return factory != NULL;
}

char *
cs_codec_choice_receive_description (const char      *encoding,
                                     gboolean         video,
                                     CsCodecHaveFunc  have,
                                     char           **decoder)
{
  if (decoder != NULL)
    *decoder = NULL;
  if (encoding == NULL)
    return NULL;
  if (have == NULL)
    have = registry_has;
  for (gsize i = 0; i < G_N_ELEMENTS (codecs); i++)
    {
      const Codec *c = &codecs[i];

      if (c->video != video || g_ascii_strcasecmp (c->encoding, encoding) != 0)
        continue;
      if (!have (c->depay.factory) || (c->parse != NULL && !have (c->parse)))
        return NULL;
      for (gsize d = 0; d < G_N_ELEMENTS (c->decoders) && c->decoders[d].factory != NULL; d++)
        {
          const Element *dec = &c->decoders[d];

          if (!have (dec->factory))
            continue;
          if (decoder != NULL)
            *decoder = g_strdup (dec->factory);
          return g_strdup_printf (QUEUE " ! %s %s ! %s%s%s name=dec %s ! %s", c->depay.factory, c->depay.args,
                                  c->parse != NULL ? c->parse : "", c->parse != NULL ? " ! " : "",
                                  dec->factory, dec->args, video ? VIDEO_TAIL : AUDIO_TAIL);
        }
      return NULL;
    }
  return NULL;
}
