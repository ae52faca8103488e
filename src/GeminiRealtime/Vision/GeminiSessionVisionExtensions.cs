using System;
using System.Threading;
using System.Threading.Tasks;
using GeminiRealtime.Protocol;
using GeminiRealtime.Session;

namespace GeminiRealtime.Vision
{
    /// <summary>Sending images on a session (protocol.md §4.3: one <c>realtimeInput.video</c> per image).</summary>
    public static class GeminiSessionVisionExtensions
    {
        /// <summary>
        /// Sends one image as <c>realtimeInput.video</c> on the MEDIA lane (control messages overtake it) and waits
        /// until it is on the wire. It starts no turn by itself: ask something afterwards.
        /// </summary>
        public static Task SendImageAsync(this IGeminiSession session, EncodedImage image, CancellationToken cancellationToken = default)
        {
            if (session == null) throw new ArgumentNullException(nameof(session));
            if (image == null) throw new ArgumentNullException(nameof(image));
            var message = new ClientMessage
            {
                RealtimeInput = new RealtimeInput { Video = new Blob { MimeType = image.MimeType, Data = new Base64Data(image.Data) } },
            };
            return session.SendAsync(message, SendPriority.Media, cancellationToken);
        }

        /// <summary>True when the session asked for context window compression, which lifts the 2-minute limit of sessions with video (protocol.md §8).</summary>
        public static bool HasContextCompression(this IGeminiSession session)
        {
            if (session == null) throw new ArgumentNullException(nameof(session));
            return session.Setup.ContextWindowCompression != null;
        }
    }
}
