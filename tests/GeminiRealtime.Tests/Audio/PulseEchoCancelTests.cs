using GeminiRealtime.Audio.Backends;
using Xunit;

namespace GeminiRealtime.Tests.Audio;

public class PulseEchoCancelTests
{
    [Fact]
    public void Load_arguments_name_the_masters_the_pair_and_the_method()
    {
        Assert.Equal(
            "load-module module-echo-cancel source_master=alsa_input.usb-mic sink_master=alsa_output.pci source_name=gemini_ec_source sink_name=gemini_ec_sink aec_method=webrtc aec_args=analog_gain_control=0",
            PulseEchoCancel.LoadArguments("alsa_input.usb-mic", "alsa_output.pci", "webrtc"));
        // Default devices: the masters are left to the server; speex gets no webrtc arguments.
        Assert.Equal(
            "load-module module-echo-cancel source_name=gemini_ec_source sink_name=gemini_ec_sink aec_method=speex",
            PulseEchoCancel.LoadArguments("", null, "speex"));
    }
}
