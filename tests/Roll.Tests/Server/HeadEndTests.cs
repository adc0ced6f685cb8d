using System.Buffers;
using System.Text;
using Roll.Server;

namespace Roll.Tests.Server;

/// <summary>The end of a request head is found alike whether the bytes lie in one buffer or across the segments of several reads.</summary>
public class HeadEndTests
{
    public static TheoryData<string> Inputs => new()
    {
        "GET / HTTP/1.1\r\nHost: x\r\n\r\nGET /next HTTP/1.1\r\n\r\n",
        "\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET / HTTP/1.1\nHost: x\n\n",
        "GET / HTTP/1.1\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: x\r\n",
        "GET / HTTP/1.1\r\nHost: x\r\n\r",
        "\r\n",
        "\r",
        "GET / HTTP/1.1\r\nA: \r\r\n\r\n",
    };

    [Theory]
    [MemberData(nameof(Inputs))]
    public void SegmentsFindTheSameEndAsOneBuffer(string text)
    {
        var bytes = Encoding.ASCII.GetBytes(text);
        var expected = HttpParser.FindHeadEnd(bytes, out var expectedStart);

        for (var cut = 0; cut <= bytes.Length; cut++)
        {
            var found = HttpParser.FindHeadEnd(Segments(bytes[..cut], bytes[cut..]), out var start);
            Assert.Equal((expected, expected < 0 ? 0 : expectedStart), (found, found < 0 ? 0 : start));
        }
        var byteByByte = HttpParser.FindHeadEnd(Segments([.. bytes.Select(b => new[] { b })]), out var byteStart);
        Assert.Equal((expected, expected < 0 ? 0 : expectedStart), (byteByByte, byteByByte < 0 ? 0 : byteStart));
    }

    private static ReadOnlySequence<byte> Segments(params byte[][] parts)
    {
        var first = new Segment(parts[0], 0);
        var last = first;
        foreach (var part in parts.Skip(1))
        {
            last = last.Append(part);
        }
        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
