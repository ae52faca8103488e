using System;
using System.Threading;
using System.Threading.Tasks;
using GeminiRealtime.Audio;
using GeminiRealtime.Protocol;

namespace GeminiRealtime.Session
{
    /// <summary>Sending microphone audio and activity signals (protocol.md §4.3): one field per realtimeInput message.</summary>
    public static class RealtimeInputExtensions
    {
        /// <summary>One chunk of 16 kHz s16le mono as <c>realtimeInput.audio</c> on the MEDIA lane (behind control messages).</summary>
        public static Task SendAudioAsync(this IGeminiSession session, ReadOnlyMemory<byte> pcm16k, CancellationToken cancellationToken = default)
            => session.SendAsync(
                new ClientMessage { RealtimeInput = new RealtimeInput { Audio = new Blob { MimeType = PcmFormat.Input16k.MimeType, Data = new Base64Data(pcm16k) } } },
                SendPriority.Media,
                cancellationToken);

        /// <summary><c>audioStreamEnd: true</c> after the mic pauses (automatic activity detection only).</summary>
        public static Task SendAudioStreamEndAsync(this IGeminiSession session, CancellationToken cancellationToken = default)
            => session.SendAsync(new ClientMessage { RealtimeInput = new RealtimeInput { AudioStreamEnd = true } }, SendPriority.Media, cancellationToken);

        /// <summary><c>activityStart: {}</c> (manual activity detection). Media lane, so it stays in order with the audio.</summary>
        public static Task SendActivityStartAsync(this IGeminiSession session, CancellationToken cancellationToken = default)
            => session.SendAsync(new ClientMessage { RealtimeInput = new RealtimeInput { ActivityStart = new ActivityStart() } }, SendPriority.Media, cancellationToken);

        /// <summary><c>activityEnd: {}</c> (manual activity detection). Media lane, after the audio it closes.</summary>
        public static Task SendActivityEndAsync(this IGeminiSession session, CancellationToken cancellationToken = default)
            => session.SendAsync(new ClientMessage { RealtimeInput = new RealtimeInput { ActivityEnd = new ActivityEnd() } }, SendPriority.Media, cancellationToken);

        /// <summary>Whether the session was set up with automatic activity detection disabled.</summary>
        public static bool UsesManualActivity(this IGeminiSession session)
            => session.Setup.RealtimeInputConfig?.AutomaticActivityDetection?.Disabled == true;
    }
}
