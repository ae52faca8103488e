using System;
using System.Threading;

namespace GeminiRealtime.Audio
{
    /// <summary>
    /// A capture stream, always 16 kHz s16le mono (<see cref="PcmFormat.Input16k"/>); the backend converts whatever the
    /// device delivers. Read from ONE thread (the capture thread); <see cref="IDisposable.Dispose"/> releases the device.
    /// </summary>
    public interface IAudioInput : IDisposable
    {
        /// <summary>Human-readable "backend: device" for messages.</summary>
        string Description { get; }

        /// <summary>
        /// Blocks until <paramref name="count"/> bytes (an even number) were captured, or the input ended. Returns the bytes
        /// read: less than <paramref name="count"/> only at the end (file inputs), 0 = nothing more will come.
        /// </summary>
        /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired.</exception>
        /// <exception cref="AudioDeviceException">The device failed.</exception>
        int Read(byte[] buffer, int offset, int count, CancellationToken cancellationToken);
    }
}
