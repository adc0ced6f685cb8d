namespace Roll.Fuzz;

/// <summary>The format of a fuzzing input: a control byte that says how the client cuts its bytes into writes, then the bytes the client sends.</summary>
/// <remarks>
/// The control byte lets the fuzzer explore a request arriving in pieces without a second input format: 0 sends
/// everything in one write; 0xFF sends the first <see cref="MaxByteByByte"/> bytes one write each; otherwise its low
/// two bits are the number of cuts (0 to 3) and its six high bits place them.
/// </remarks>
internal static class FuzzInput
{
    /// <summary>How many bytes, at most, the byte-by-byte mode sends one at a time (the rest goes in one write).</summary>
    public const int MaxByteByByte = 256;

    /// <summary>Splits an input into the bytes the client sends and the ranges of its writes (into those bytes).</summary>
    /// <param name="input">The control byte and the bytes.</param>
    /// <param name="segments">Cleared, then filled with the writes in order; empty when there is nothing to send.</param>
    /// <returns>The bytes the client sends.</returns>
    public static ReadOnlySpan<byte> Split(ReadOnlySpan<byte> input, List<Range> segments)
    {
        segments.Clear();
        if (input.Length < 2)
        {
            return [];
        }
        var control = input[0];
        var bytes = input[1..];
        var length = bytes.Length;
        var previous = 0;
        if (control == 0xFF)
        {
            for (var cut = 1; cut < length && cut <= MaxByteByByte; cut++)
            {
                segments.Add(new Range(cut - 1, cut));
                previous = cut;
            }
        }
        else
        {
            var place = control >> 2;
            for (var i = 1; i <= (control & 3); i++)
            {
                var cut = (int)((long)length * (((place + (19 * i)) % 64) + 1) / 65);
                if (cut > previous && cut < length)
                {
                    segments.Add(new Range(previous, cut));
                    previous = cut;
                }
            }
        }
        segments.Add(new Range(previous, length));
        return bytes;
    }

    /// <summary>Makes an input that sends <paramref name="bytes"/>, cut as <paramref name="control"/> says.</summary>
    public static byte[] Create(ReadOnlySpan<byte> bytes, byte control = 0)
    {
        var input = new byte[bytes.Length + 1];
        input[0] = control;
        bytes.CopyTo(input.AsSpan(1));
        return input;
    }
}
