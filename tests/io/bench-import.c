/* bench-import.c — importing a one-hour RTCStats dump and a full webrtc-internals dump
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Builds, in a temporary directory, the two files docs/import.md promises to import
 * quickly: an hour of Chrome's own RTCStats export (one getStats line a second, full
 * reports, one connection with audio and video each way) and a webrtc-internals dump
 * whose series hold Chrome's 1000 points, with two connections. Each is imported by
 * cs_call_file_read() (sniffing, parsing, samples: what "Open…" and --import do) in a
 * child process, so that the child's peak resident memory (VmHWM) less what it held
 * before is the import's. Prints the time, the peak and its ratio to the file's size
 * (targets: an hour's RTCStats dump under 3 s and four times its size; the internals
 * dump under 1 s); fails only if an import fails or gives too few samples.
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cs-call-file.h"

static const char *kinds[] = { "audio", "video" };

/* One report of a getStats: the whole connection, as Chrome exports it. */
static void
append_report (GString *s, guint i, double ts)
{
  g_string_append_c (s, '{');
  for (guint k = 0; k < 2; k++)
    {
      gboolean video = k == 1;
      guint64 packets = (guint64) i * (video ? 90 : 50);

      g_string_append_printf (s,
        "\"IT01%c\":{\"id\":\"IT01%c\",\"type\":\"inbound-rtp\",\"timestamp\":%.3f,\"ssrc\":%u,\"kind\":\"%s\","
        "\"transportId\":\"T01\",\"codecId\":\"C%c\",\"mid\":\"%u\",\"trackIdentifier\":\"track-%c\","
        "\"packetsReceived\":%" G_GUINT64_FORMAT ",\"bytesReceived\":%" G_GUINT64_FORMAT ",\"packetsLost\":%u,"
        "\"jitter\":0.0%02u,\"nackCount\":%u,\"pliCount\":%u,\"headerBytesReceived\":%" G_GUINT64_FORMAT ","
        "\"jitterBufferDelay\":%.3f,\"jitterBufferTargetDelay\":%.3f,\"jitterBufferEmittedCount\":%u,"
        "\"totalSamplesReceived\":%u,\"concealedSamples\":%u,\"audioLevel\":0.0%02u,\"totalAudioEnergy\":%.4f,"
        "\"framesDecoded\":%u,\"framesReceived\":%u,\"framesDropped\":0,\"frameWidth\":640,\"frameHeight\":480,"
        "\"framesPerSecond\":30,\"freezeCount\":%u,\"totalFreezesDuration\":%.3f,\"totalDecodeTime\":%.4f,"
        "\"decoderImplementation\":\"libvpx\",\"lastPacketReceivedTimestamp\":%.3f},",
        video ? 'V' : 'A', video ? 'V' : 'A', ts, 1000 + k, kinds[k], video ? 'V' : 'A', k, video ? 'v' : 'a',
        packets, packets * 1100, i / 50, 5 + i % 20, i / 40, i / 300, packets * 12, i * 1.8, i * 1.5, i * 30,
        i * 48000, i / 100, 10 + i % 50, i * 0.02, i * 30, i * 30, i / 600, i / 600 * 0.3, i * 0.09, ts);
      g_string_append_printf (s,
        "\"OT01%c\":{\"id\":\"OT01%c\",\"type\":\"outbound-rtp\",\"timestamp\":%.3f,\"ssrc\":%u,\"kind\":\"%s\","
        "\"transportId\":\"T01\",\"codecId\":\"C%c\",\"mediaSourceId\":\"S%c\",\"remoteId\":\"RI%c\","
        "\"packetsSent\":%" G_GUINT64_FORMAT ",\"bytesSent\":%" G_GUINT64_FORMAT ",\"headerBytesSent\":%" G_GUINT64_FORMAT ","
        "\"retransmittedPacketsSent\":%u,\"nackCount\":%u,\"targetBitrate\":%u,\"framesEncoded\":%u,"
        "\"framesSent\":%u,\"frameWidth\":640,\"frameHeight\":480,\"framesPerSecond\":30,\"totalEncodeTime\":%.4f,"
        "\"qualityLimitationReason\":\"none\",\"encoderImplementation\":\"libvpx\",\"active\":true},",
        video ? 'V' : 'A', video ? 'V' : 'A', ts, 2000 + k, kinds[k], video ? 'V' : 'A', video ? 'V' : 'A',
        video ? 'V' : 'A', packets, packets * 1100, packets * 12, i / 30, i / 40, video ? 1500000 : 32000, i * 30,
        i * 30, i * 0.12);
      g_string_append_printf (s,
        "\"RI%c\":{\"id\":\"RI%c\",\"type\":\"remote-inbound-rtp\",\"timestamp\":%.3f,\"ssrc\":%u,\"kind\":\"%s\","
        "\"localId\":\"OT01%c\",\"packetsLost\":%u,\"fractionLost\":0,\"jitter\":0.004,\"roundTripTime\":0.04%u,"
        "\"totalRoundTripTime\":%.3f,\"roundTripTimeMeasurements\":%u},",
        video ? 'V' : 'A', video ? 'V' : 'A', ts, 2000 + k, kinds[k], video ? 'V' : 'A', i / 60, i % 10,
        i * 0.041, i);
      g_string_append_printf (s,
        "\"S%c\":{\"id\":\"S%c\",\"type\":\"media-source\",\"timestamp\":%.3f,\"kind\":\"%s\",\"trackIdentifier\":\"src-%c\","
        "\"audioLevel\":0.1,\"frames\":%u,\"width\":640,\"height\":480,\"framesPerSecond\":30},"
        "\"C%c\":{\"id\":\"C%c\",\"type\":\"codec\",\"timestamp\":%.3f,\"mimeType\":\"%s\",\"payloadType\":%u,"
        "\"clockRate\":%u,\"transportId\":\"T01\"},",
        video ? 'V' : 'A', video ? 'V' : 'A', ts, kinds[k], video ? 'v' : 'a', i * 30, video ? 'V' : 'A',
        video ? 'V' : 'A', ts, video ? "video/VP8" : "audio/opus", video ? 96 : 111, video ? 90000 : 48000);
    }
  g_string_append_printf (s,
    "\"CP1\":{\"id\":\"CP1\",\"type\":\"candidate-pair\",\"timestamp\":%.3f,\"transportId\":\"T01\","
    "\"localCandidateId\":\"IL1\",\"remoteCandidateId\":\"IR1\",\"state\":\"succeeded\",\"nominated\":true,"
    "\"bytesSent\":%u,\"bytesReceived\":%u,\"currentRoundTripTime\":0.041,\"availableOutgoingBitrate\":2500000,"
    "\"requestsSent\":%u,\"responsesReceived\":%u,\"priority\":9115005270407120000},"
    "\"T01\":{\"id\":\"T01\",\"type\":\"transport\",\"timestamp\":%.3f,\"selectedCandidatePairId\":\"CP1\","
    "\"dtlsState\":\"connected\",\"iceState\":\"connected\",\"bytesSent\":%u,\"bytesReceived\":%u},"
    "\"IL1\":{\"id\":\"IL1\",\"type\":\"local-candidate\",\"timestamp\":%.3f,\"address\":\"192.0.2.10\",\"port\":50000,"
    "\"protocol\":\"udp\",\"candidateType\":\"host\",\"priority\":2122260223,\"networkType\":\"ethernet\"},"
    "\"IR1\":{\"id\":\"IR1\",\"type\":\"remote-candidate\",\"timestamp\":%.3f,\"address\":\"198.51.100.7\","
    "\"port\":3478,\"protocol\":\"udp\",\"candidateType\":\"relay\",\"priority\":41885439},"
    "\"P\":{\"id\":\"P\",\"type\":\"peer-connection\",\"timestamp\":%.3f,\"dataChannelsOpened\":0}}",
    ts, i * 200000, i * 210000, i / 2, i / 2, ts, i * 200000, i * 210000, ts, ts, ts);
}

static char *
make_rtcstats_hour (const char *dir, guint seconds)
{
  char *path = g_build_filename (dir, "hour-rtcstats.txt", NULL);
  FILE *out = fopen (path, "w");
  g_autoptr (GString) line = g_string_sized_new (16384);
  const double t0 = 1764612000000.0;

  g_assert_nonnull (out);
  fputs ("RTCStatsDump\n{\"fileFormat\":3}\n", out);
  fprintf (out, "[\"create\",\"PC_0\",{\"iceServers\":[]},%.0f]\n", t0);
  fprintf (out, "[\"oniceconnectionstatechange\",\"PC_0\",\"connected\",500]\n");
  for (guint i = 0; i < seconds; i++)
    {
      g_string_assign (line, "[\"getStats\",\"PC_0\",");
      append_report (line, i, t0 + 500 + i * 1000.0);
      g_string_append_printf (line, ",%u]\n", i == 0 ? 0 : 1000);
      fputs (line->str, out);
    }
  fclose (out);
  return path;
}

/* A webrtc-internals dump: @n_conns connections, each with the objects of one report and
 * @points points per series (Chrome 117+: with timestamp series). */
static char *
make_internals (const char *dir, guint n_conns, guint points)
{
  static const char * const props[][3] = {
    /* id, type, property */
    { "IT01V", "inbound-rtp", "packetsReceived" }, { "IT01V", "inbound-rtp", "bytesReceived" },
    { "IT01V", "inbound-rtp", "packetsLost" }, { "IT01V", "inbound-rtp", "jitter" },
    { "IT01V", "inbound-rtp", "framesDecoded" }, { "IT01V", "inbound-rtp", "frameWidth" },
    { "IT01V", "inbound-rtp", "jitterBufferDelay" }, { "IT01V", "inbound-rtp", "jitterBufferEmittedCount" },
    { "IT01V", "inbound-rtp", "totalDecodeTime" }, { "IT01V", "inbound-rtp", "[bytesReceived_in_bits/s]" },
    { "IT01V", "inbound-rtp", "totalSquaredInterFrameDelay" }, { "IT01V", "inbound-rtp", "framesPerSecond" },
    { "IT01A", "inbound-rtp", "packetsReceived" }, { "IT01A", "inbound-rtp", "bytesReceived" },
    { "IT01A", "inbound-rtp", "packetsLost" }, { "IT01A", "inbound-rtp", "jitter" },
    { "IT01A", "inbound-rtp", "audioLevel" }, { "IT01A", "inbound-rtp", "totalAudioEnergy" },
    { "IT01A", "inbound-rtp", "concealedSamples" }, { "IT01A", "inbound-rtp", "[audioLevel_in_RMS]" },
    { "OT01V", "outbound-rtp", "packetsSent" }, { "OT01V", "outbound-rtp", "bytesSent" },
    { "OT01V", "outbound-rtp", "framesEncoded" }, { "OT01V", "outbound-rtp", "totalEncodeTime" },
    { "OT01V", "outbound-rtp", "targetBitrate" }, { "OT01V", "outbound-rtp", "[bytesSent_in_bits/s]" },
    { "RIV", "remote-inbound-rtp", "packetsLost" }, { "RIV", "remote-inbound-rtp", "roundTripTime" },
    { "CP1", "candidate-pair", "currentRoundTripTime" }, { "CP1", "candidate-pair", "bytesSent" },
    { "CP1", "candidate-pair", "availableOutgoingBitrate" }, { "CP1", "candidate-pair", "requestsSent" },
  };
  static const char * const ids[] = { "IT01V", "IT01A", "OT01V", "RIV", "CP1" };
  char *path = g_build_filename (dir, "internals.txt", NULL);
  FILE *out = fopen (path, "w");
  const double t0 = 1764612000000.0;
  g_autoptr (GString) values = g_string_new (NULL);

  g_assert_nonnull (out);
  fputs ("{\n \"getUserMedia\": [],\n \"PeerConnections\": {\n", out);
  for (guint c = 0; c < n_conns; c++)
    {
      fprintf (out, "  \"%u-1\": {\n   \"pid\": 1,\n   \"url\": \"https://example.com/\",\n"
                    "   \"rtcConfiguration\": \"{}\",\n   \"updateLog\": [\n"
                    "    {\"timestamp\": %.0f, \"type\": \"iceconnectionstatechange\", \"value\": \"connected\"}\n   ],\n"
                    "   \"stats\": {\n", c + 1, t0 - 500);
      for (guint o = 0; o < G_N_ELEMENTS (ids); o++)
        {
          g_string_assign (values, "[");
          for (guint p = 0; p < points; p++)
            g_string_append_printf (values, "%s%.1f", p ? "," : "", t0 + p * 1000.0 + 0.5);
          g_string_append_c (values, ']');
          fprintf (out, "    \"%s-timestamp\": {\"startTime\": \"2025-12-01T18:00:00.000Z\", \"endTime\": \"2025-12-01T18:16:39.000Z\", \"values\": \"%s\"},\n",
                   ids[o], values->str);
        }
      /* the kinds, and the series nobody reads (a real dump has some 60 per object) */
      for (guint o = 0; o < 3; o++)
        {
          g_string_assign (values, "[");
          for (guint p = 0; p < points; p++)
            g_string_append_printf (values, "%s\\\"%s\\\"", p ? "," : "", o == 1 ? "audio" : "video");
          g_string_append_c (values, ']');
          fprintf (out, "    \"%s-kind\": {\"startTime\": \"2025-12-01T18:00:00.000Z\", "
                        "\"endTime\": \"2025-12-01T18:16:39.000Z\", \"statsType\": \"%s\", \"values\": \"%s\"},\n",
                   ids[o], o == 2 ? "outbound-rtp" : "inbound-rtp", values->str);
        }
      for (guint o = 0; o < G_N_ELEMENTS (ids); o++)
        for (guint k = 0; k < 40; k++)
          {
            g_string_assign (values, "[");
            for (guint p = 0; p < points; p++)
              g_string_append_printf (values, "%s%u", p ? "," : "", p * 7 + k);
            g_string_append_c (values, ']');
            fprintf (out, "    \"%s-unreadProperty%u\": {\"startTime\": \"2025-12-01T18:00:00.000Z\", "
                          "\"endTime\": \"2025-12-01T18:16:39.000Z\", \"values\": \"%s\"},\n",
                     ids[o], k, values->str);
          }
      for (guint k = 0; k < G_N_ELEMENTS (props); k++)
        {
          g_string_assign (values, "[");
          for (guint p = 0; p < points; p++)
            g_string_append_printf (values, "%s%u", p ? "," : "", p * (k + 1));
          g_string_append_c (values, ']');
          fprintf (out, "    \"%s-%s\": {\"startTime\": \"2025-12-01T18:00:00.000Z\", "
                        "\"endTime\": \"2025-12-01T18:16:39.000Z\", \"statsType\": \"%s\", \"values\": \"%s\"}%s\n",
                   props[k][0], props[k][2], props[k][1], values->str, k + 1 < G_N_ELEMENTS (props) ? "," : "");
        }
      fprintf (out, "   }\n  }%s\n", c + 1 < n_conns ? "," : "");
    }
  fputs (" },\n \"UserAgent\": \"Mozilla/5.0 Chrome/149.0.7827.5 Safari/537.36\"\n}\n", out);
  fclose (out);
  return path;
}

static long
status_kb (const char *field)
{
  g_autofree char *text = NULL;
  const char *p;

  if (!g_file_get_contents ("/proc/self/status", &text, NULL, NULL) || (p = strstr (text, field)) == NULL)
    return -1;
  return strtol (p + strlen (field), NULL, 10);
}

typedef struct
{
  double seconds;
  long   peak_kb;    /* VmHWM less VmRSS before */
  guint  samples;
} Figures;

/* Imports @path in a child process and returns what it measured. */
static Figures
import_in_child (const char *path)
{
  Figures fig = { 0 };
  int fds[2];
  pid_t pid;
  int status = 0;

  g_assert_cmpint (pipe (fds), ==, 0);
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      g_autoptr (GFile) file = g_file_new_for_path (path);
      g_autoptr (GError) error = NULL;
      long before = status_kb ("VmRSS:");
      gint64 t0 = g_get_monotonic_time ();
      g_autoptr (CsRecordingReader) reader = cs_call_file_read (file, NULL, NULL, NULL, NULL, &error);
      Figures child = { 0 };

      child.seconds = (g_get_monotonic_time () - t0) / 1e6;
      child.peak_kb = status_kb ("VmHWM:") - before;
      if (reader == NULL)
        {
          fprintf (stderr, "import failed: %s\n", error->message);
          _exit (1);
        }
      child.samples = cs_recording_reader_get_samples (reader)->len;
      if (write (fds[1], &child, sizeof child) != sizeof child)
        _exit (1);
      _exit (0);
    }
  close (fds[1]);
  g_assert_cmpint (read (fds[0], &fig, sizeof fig), ==, sizeof fig);
  close (fds[0]);
  waitpid (pid, &status, 0);
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  return fig;
}

static goffset
file_size (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_size;
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cs-bench-import-XXXXXX", &error);
  g_autofree char *hour = NULL;
  g_autofree char *internals = NULL;
  Figures fig;
  goffset size;

  g_assert_no_error (error);
  hour = make_rtcstats_hour (dir, 3600);
  size = file_size (hour);
  fig = import_in_child (hour);
  printf ("RTCStats dump, one hour (%.1f MB, 3600 getStats lines): imported in %.2f s (target < 3 s), "
          "%u samples; peak memory %.1f MB = %.2f × the file's size (target < 4)\n",
          size / 1e6, fig.seconds, fig.samples, fig.peak_kb / 1024.0, fig.peak_kb * 1024.0 / size);
  g_assert_cmpuint (fig.samples, >=, 3600 * 4);

  internals = make_internals (dir, 2, 1000);
  size = file_size (internals);
  fig = import_in_child (internals);
  printf ("webrtc-internals dump, two connections of 1000 points (%.1f MB): imported in %.2f s (target < 1 s), "
          "%u samples; peak memory %.1f MB = %.2f × the file's size\n",
          size / 1e6, fig.seconds, fig.samples, fig.peak_kb / 1024.0, fig.peak_kb * 1024.0 / size);
  g_assert_cmpuint (fig.samples, >=, 2 * 3 * 1000);

  g_unlink (hour);
  g_unlink (internals);
  g_rmdir (dir);
  return 0;
}
