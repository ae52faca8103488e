using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using GeminiRealtime.Protocol;

namespace GeminiRealtime.Session
{
    /// <summary>Reading a session's inbox: one message, null at a normal end, the close error (with the model named) otherwise.</summary>
    internal static class ServerMessageInbox
    {
        public static async Task<ServerMessage?> ReadAsync(ChannelReader<ServerMessage> inbox, string model, CancellationToken cancellationToken)
        {
            try
            {
                if (await inbox.WaitToReadAsync(cancellationToken).ConfigureAwait(false) && inbox.TryRead(out ServerMessage? message))
                    return message;
                return null;
            }
            catch (ChannelClosedException ex) when (ex.InnerException is GeminiSessionException inner)
            {
                throw new GeminiSessionException(inner.CloseCode, inner.Reason, model, inner);
            }
            catch (GeminiSessionException ex)
            {
                throw new GeminiSessionException(ex.CloseCode, ex.Reason, model, ex);
            }
        }
    }
}
