using System.Diagnostics;

namespace Roll.Routing;

/// <summary>A reusable per-connection buffer of the placeholders a match captured, as ranges of the path.</summary>
/// <remarks>
/// While the tree searches, placeholders are pushed and popped on a working stack; when a better route
/// is found the stack is copied to the result, because the search goes on and overwrites the stack.
/// Both arrays only grow, so once warmed up a match allocates nothing.
/// </remarks>
internal sealed class PathCaptures
{
    private const int InitialCapacity = 8;

    private int[] _stack = new int[InitialCapacity * 2];
    private int _depth;
    private int[] _ranges = new int[InitialCapacity * 2];
    private string[] _names = [];
    private int _count;

    /// <summary>How many placeholders the match captured.</summary>
    public int Count => _count;

    /// <summary>The name of the placeholder at <paramref name="index"/>, from the pattern (no allocation).</summary>
    public string Name(int index)
    {
        CheckIndex(index);
        return _names[index];
    }

    /// <summary>The start offset, in the matched path, of the placeholder at <paramref name="index"/>.</summary>
    public int Start(int index)
    {
        CheckIndex(index);
        return _ranges[index * 2];
    }

    /// <summary>The length, in the matched path, of the placeholder at <paramref name="index"/>.</summary>
    public int Length(int index)
    {
        CheckIndex(index);
        return _ranges[index * 2 + 1];
    }

    /// <summary>Forgets the captures of the previous match, keeping the buffers.</summary>
    public void Clear()
    {
        _depth = 0;
        _count = 0;
        _names = [];
    }

    /// <summary>Records that the placeholder being tried takes <paramref name="length"/> chars at <paramref name="start"/>.</summary>
    internal void Push(int start, int length)
    {
        if (_depth * 2 == _stack.Length)
        {
            Array.Resize(ref _stack, _stack.Length * 2);
        }

        _stack[_depth * 2] = start;
        _stack[_depth * 2 + 1] = length;
        _depth++;
    }

    /// <summary>Drops the placeholder pushed last, when the search backtracks past it.</summary>
    internal void Pop()
    {
        Debug.Assert(_depth > 0);
        _depth--;
    }

    /// <summary>Makes the working stack the result, named by the matched pattern's <paramref name="names"/>.</summary>
    internal void Commit(string[] names)
    {
        Debug.Assert(names.Length == _depth, "a route's placeholder names must line up with the captured ranges");
        if (_ranges.Length < _stack.Length)
        {
            Array.Resize(ref _ranges, _stack.Length);
        }

        Array.Copy(_stack, _ranges, _depth * 2);
        _names = names;
        _count = _depth;
    }

    private void CheckIndex(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _count);
    }
}
