using System;
using System.ComponentModel;
using System.Diagnostics;
using System.IO;
using System.Text;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace GeminiRealtime.Vision
{
    /// <summary>
    /// Capture through a command-line tool that writes one image per run: macOS <c>screencapture</c> (Screen Recording
    /// permission belongs to the terminal app) and Wayland <c>grim</c> (wlroots compositors). Each frame costs a
    /// process start (40–300 ms), which is fine at 1 FPS. The image is decoded with ImageSharp into a reused buffer.
    /// </summary>
    public sealed class ChildProcessScreenCapture : IScreenCapture
    {
        private static readonly TimeSpan GrabTimeout = TimeSpan.FromSeconds(10);

        private readonly string _fileName;
        private readonly Func<string, string> _arguments;
        private readonly bool _toStdout;
        private readonly string _tempFile;
        private byte[] _buffer = Array.Empty<byte>();
        private ScreenFrame? _frame;

        private ChildProcessScreenCapture(string fileName, Func<string, string> arguments, bool toStdout, string description)
        {
            _fileName = fileName;
            _arguments = arguments;
            _toStdout = toStdout;
            Description = description;
            _tempFile = Path.Combine(Path.GetTempPath(), "gemini-screen-" + Guid.NewGuid().ToString("N") + ".png");
        }

        public string Description { get; }

        /// <summary>macOS: <c>/usr/sbin/screencapture -x -t png [-D n] [-R x,y,w,h]</c>. Windows by title are not supported by the CLI.</summary>
        public static ChildProcessScreenCapture MacOS(ScreenCaptureTarget target)
        {
            if (target == null) throw new ArgumentNullException(nameof(target));
            if (target.WindowTitle != null)
                throw new ScreenCaptureException("On macOS a window cannot be chosen by title (screencapture wants a CGWindowID); use -Region instead.");
            const string tool = "/usr/sbin/screencapture";
            if (!File.Exists(tool)) throw new ScreenCaptureException($"{tool} was not found.") { Unavailable = true };
            var extra = new StringBuilder();
            if (target.Monitor is int monitor) extra.Append(" -D ").Append(monitor + 1);
            if (target.Region is CaptureRegion region) extra.Append(" -R ").Append(region);
            string options = extra.ToString();
            return new ChildProcessScreenCapture(tool, file => "-x -t png" + options + " \"" + file + "\"", toStdout: false, "screencapture " + target);
        }

        /// <summary>Wayland (wlroots compositors): <c>grim -t png -l 1 [-o output] [-g "x,y wxh"] -</c>.</summary>
        public static ChildProcessScreenCapture Grim(ScreenCaptureTarget target)
        {
            if (target == null) throw new ArgumentNullException(nameof(target));
            if (target.WindowTitle != null)
                throw new ScreenCaptureException("Under Wayland a window cannot be chosen by title (compositors do not expose other windows); use -Region.");
            if (target.Monitor is int && target.Region == null)
                throw new ScreenCaptureException("Under Wayland choose a monitor with -Region (grim takes output names, not numbers).");
            string geometry = target.Region is CaptureRegion r ? $" -g \"{r.X},{r.Y} {r.Width}x{r.Height}\"" : string.Empty;
            return new ChildProcessScreenCapture("grim", _ => "-t png -l 1" + geometry + " -", toStdout: true, "grim " + target);
        }

        public ScreenFrame Capture()
        {
            var start = new ProcessStartInfo(_fileName, _arguments(_tempFile))
            {
                UseShellExecute = false,
                RedirectStandardOutput = _toStdout,
                RedirectStandardError = true,
                CreateNoWindow = true,
            };
            Process process;
            try
            {
                process = Process.Start(start) ?? throw new ScreenCaptureException($"{_fileName} did not start.");
            }
            catch (Win32Exception ex)
            {
                throw new ScreenCaptureException($"{_fileName} is not installed or cannot run: {ex.Message}", ex) { Unavailable = true };
            }
            using (process)
            {
                var errors = process.StandardError.ReadToEndAsync();
                byte[]? image = null;
                if (_toStdout)
                {
                    using var memory = new MemoryStream();
                    process.StandardOutput.BaseStream.CopyTo(memory);
                    image = memory.ToArray();
                }
                if (!process.WaitForExit((int)GrabTimeout.TotalMilliseconds))
                {
                    process.Kill();
                    throw new ScreenCaptureException($"{_fileName} did not finish within {GrabTimeout.TotalSeconds:0} s (a permission prompt may be waiting).");
                }
                if (process.ExitCode != 0)
                    throw new ScreenCaptureException($"{_fileName} failed (exit {process.ExitCode}): {errors.Result.Trim()}");
                if (!_toStdout)
                {
                    image = File.ReadAllBytes(_tempFile);
                    File.Delete(_tempFile);
                }
                return Decode(image!);
            }
        }

        public void Dispose()
        {
            if (File.Exists(_tempFile)) File.Delete(_tempFile);
        }

        private ScreenFrame Decode(byte[] data)
        {
            Image<Bgra32> image;
            try
            {
                image = Image.Load<Bgra32>(data);
            }
            catch (Exception ex) when (ex is ImageFormatException || ex is NotSupportedException)
            {
                throw new ScreenCaptureException($"{_fileName} wrote something that is not an image: {ex.Message}", ex);
            }
            using (image)
            {
                if (_frame == null || _frame.Width != image.Width || _frame.Height != image.Height)
                {
                    _buffer = new byte[image.Width * image.Height * 4];
                    _frame = new ScreenFrame(_buffer, image.Width, image.Height);
                }
                image.CopyPixelDataTo(_buffer);
                for (int i = 3; i < _buffer.Length; i += 4) _buffer[i] = 255;
                return _frame;
            }
        }
    }
}
