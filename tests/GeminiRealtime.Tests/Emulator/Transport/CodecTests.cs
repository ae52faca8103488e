using System.Text;
using GeminiRealtime.Emulator.Transport;

namespace GeminiRealtime.Tests.Emulator.Transport;

public class CodecTests
{
    [Theory]
    [InlineData(null, 123, "")]
    [InlineData("short", 123, "short")]
    [InlineData("abc", 0, "")]
    [InlineData("aé", 2, "a")]
    [InlineData("aé", 3, "aé")]
    [InlineData("€€", 5, "€")]
    [InlineData("x😀", 4, "x")]
    [InlineData("x😀", 5, "x😀")]
    public void Truncate_cuts_on_character_boundaries(string? reason, int max, string expected)
    {
        Assert.Equal(expected, CloseReason.Truncate(reason!, max));
    }

    [Fact]
    public void Truncate_defaults_to_123_bytes_and_never_splits_a_surrogate_pair()
    {
        string ascii = new('a', 200);
        Assert.Equal(123, CloseReason.Truncate(ascii).Length);
        Assert.Equal(new string('a', 123), CloseReason.Truncate(new string('a', 123)));

        string emoji = string.Concat(Enumerable.Repeat("😀", 40)); // 160 bytes
        string cut = CloseReason.Truncate(emoji);
        Assert.Equal(120, Encoding.UTF8.GetByteCount(cut));
        Assert.False(char.IsHighSurrogate(cut[^1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => CloseReason.Truncate("x", -1));

        // A lone surrogate is sent as U+FFFD: 3 bytes.
        Assert.Equal("x\uD800", CloseReason.Truncate("x\uD800y", 4));
        Assert.Equal("x", CloseReason.Truncate("x\uD800y", 3));
    }

    [Fact]
    public void Query_is_percent_decoded_only_with_case_sensitive_keys_and_first_value_winning()
    {
        IReadOnlyDictionary<string, string> q = QueryString.Parse("key=a+b%2Fc&Key=upper&key=later&%6Bx=%E2%82%AC&bad=%G1%&flag&=anon");
        Assert.Equal("a+b/c", q["key"]);
        Assert.Equal("upper", q["Key"]);
        Assert.Equal("€", q["kx"]);
        Assert.Equal("%G1%", q["bad"]);
        Assert.Equal(string.Empty, q["flag"]);
        Assert.Equal("anon", q[string.Empty]);
        Assert.Empty(QueryString.Parse(string.Empty));
    }

    [Fact]
    public void Request_head_joins_repeated_headers_and_ignores_a_leading_blank_line()
    {
        byte[] bytes = Encoding.ASCII.GetBytes("\r\nGET /a?b HTTP/1.1\r\nX-A: 1\r\nx-a:  2 \r\nHost:h\r\n\r\n");
        Assert.True(HttpRequestHead.TryParse(new ArraySegment<byte>(bytes), out HttpRequestHead? head, out _, out _));
        Assert.Equal("GET", head!.Method);
        Assert.Equal("/a?b", head.RawTarget);
        Assert.Equal("1, 2", head.Headers["X-A"]);
        Assert.Equal("h", head.Headers["HOST"]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(13)]
    [InlineData(64)]
    [InlineData(1001)]
    public void Masking_matches_the_byte_by_byte_definition(int length)
    {
        byte[] key = { 0x12, 0x34, 0x56, 0x78 };
        uint maskKey = BitConverter.ToUInt32(key);
        byte[] data = Enumerable.Range(0, length).Select(i => (byte)(i * 31)).ToArray();
        byte[] expected = data.Select((b, i) => (byte)(b ^ key[i % 4])).ToArray();

        // Also at an odd offset: the fast path must not depend on alignment.
        byte[] shifted = new byte[length + 3];
        data.CopyTo(shifted, 3);
        WebSocketFrameCodec.ApplyMask(data, maskKey);
        WebSocketFrameCodec.ApplyMask(shifted.AsSpan(3), maskKey);

        Assert.Equal(expected, data);
        Assert.Equal(expected, shifted.Skip(3).ToArray());
    }

    [Theory]
    [InlineData(0L, 2)]
    [InlineData(125L, 2)]
    [InlineData(126L, 4)]
    [InlineData(65_535L, 4)]
    [InlineData(65_536L, 10)]
    [InlineData(5_000_000_000L, 10)]
    public void Server_headers_round_trip(long length, int headerLength)
    {
        var buffer = new byte[WebSocketFrameCodec.MaxServerHeaderLength];
        int written = WebSocketFrameCodec.WriteServerHeader(buffer, 0, WebSocketOpcode.Binary, fin: false, length);
        Assert.Equal(headerLength, written);
        Assert.Equal(headerLength, WebSocketFrameCodec.GetServerHeaderLength(length));
        Assert.Equal(headerLength - 2, WebSocketFrameCodec.GetRemainingHeaderLength(buffer[1]));

        WebSocketFrameHeader header = WebSocketFrameCodec.ParseHeader(buffer, 0);
        Assert.False(header.Fin);
        Assert.False(header.Masked);
        Assert.Equal(WebSocketOpcode.Binary, header.Opcode);
        Assert.Equal(length, header.PayloadLength);
    }

    [Fact]
    public void A_64_bit_length_with_the_top_bit_set_is_flagged_invalid()
    {
        byte[] buffer = { 0x82, 0xFF, 0x80, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0 };
        Assert.Equal(-1, WebSocketFrameCodec.ParseHeader(buffer, 0).PayloadLength);
    }
}
