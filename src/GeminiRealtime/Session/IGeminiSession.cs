using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using GeminiRealtime.Models;
using GeminiRealtime.Protocol;

namespace GeminiRealtime.Session
{
    /// <summary>
    /// What the cmdlets use of a session: one connection (<see cref="GeminiSession"/>) or a conversation that
    /// survives reconnects (<see cref="GeminiConversation"/>, what Connect-GeminiRealtime returns).
    /// </summary>
    public interface IGeminiSession : IAsyncDisposable, IDisposable
    {
        int Id { get; }
        string Model { get; }
        LiveModel? ModelInfo { get; }
        string? Voice { get; }
        string ResponseModality { get; }
        string ApiVersion { get; }
        Uri Url { get; }
        Uri? Endpoint { get; }
        LiveSetup Setup { get; }
        string Credential { get; }
        GeminiSessionState State { get; }
        DateTimeOffset ConnectedAt { get; }
        DateTimeOffset? ClosedAt { get; }
        string? ServerSessionId { get; }
        string? ResumptionHandle { get; }
        GoAway? LastGoAway { get; }
        GeminiSessionException? CloseError { get; }
        int? CloseCode { get; }
        string? CloseReason { get; }
        SessionStatistics Statistics { get; }
        int TurnCount { get; }
        ChannelReader<ServerMessage> Messages { get; }
        bool SendsRealtimeText { get; }
        bool TextPartsAreAnswer { get; }
        /// <summary>The model's function calls awaiting an answer (answered once, or not at all once cancelled).</summary>
        GeminiRealtime.Tools.ToolCallTracker ToolCalls { get; }

        Task SendAsync(ClientMessage message, SendPriority priority, CancellationToken cancellationToken = default);
        Task SendTextAsync(string text, CancellationToken cancellationToken = default);
        Task SendToolResponseAsync(IEnumerable<FunctionResponse> responses, CancellationToken cancellationToken = default);
        Task<ServerMessage?> ReadMessageAsync(CancellationToken cancellationToken = default);
        /// <summary>
        /// Takes every message waiting in <see cref="Messages"/> into <paramref name="into"/> and returns how many user
        /// turns sent earlier still have no <c>turnComplete</c> after them: the replies that come next belong to those
        /// turns first, in order (turns are answered FIFO). Taken atomically with the inbox, so no <c>turnComplete</c> is
        /// both taken and counted. A turn the model speaks about a NON_BLOCKING tool result answers no user turn: a
        /// conversation marks its messages (<see cref="ServerMessage.ToolResultTurn"/>) and does not count it.
        /// </summary>
        int TakeWaitingMessages(ICollection<ServerMessage> into);
        Task CloseAsync(CancellationToken cancellationToken = default);
    }
}
