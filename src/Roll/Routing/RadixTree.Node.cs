using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Roll.Routing;

internal sealed partial class RadixTree<T>
{
    /// <summary>A tree node: literal text or one placeholder, and possibly the end of a route.</summary>
    private sealed class Node
    {
        /// <summary>True for literal text, false for a placeholder.</summary>
        public readonly bool IsStatic;

        /// <summary>The literal text of a static node (shortened when the node is split); empty for a placeholder.</summary>
        public string Text;

        /// <summary>The kind of a placeholder node.</summary>
        public readonly PlaceholderKind Kind;

        /// <summary>The regular expression as written, for a regex placeholder; it tells regex nodes apart.</summary>
        public readonly string? Expression;

        /// <summary>The anchored regular expression of a regex placeholder; null otherwise.</summary>
        public readonly Regex? Regex;

        /// <summary>The smallest registration index of any route through this node.</summary>
        public readonly int MinIndex;

        /// <summary>The first char of each static child, at the same position as the child, for a quick IndexOf.</summary>
        public string FirstChars = string.Empty;

        /// <summary>The static children, whose first chars all differ.</summary>
        public Node[] StaticChildren = [];

        /// <summary>The placeholder children, in order of creation, hence of <see cref="MinIndex"/>.</summary>
        public Node[] PlaceholderChildren = [];

        /// <summary>The registration index of the route this node ends, or <see cref="int.MaxValue"/>.</summary>
        public int Index = int.MaxValue;

        /// <summary>The pattern of the route this node ends, or null.</summary>
        public string? Pattern;

        /// <summary>The placeholder names of the route this node ends, in path order.</summary>
        public string[] Names = [];

        /// <summary>The payload of the route this node ends, or null.</summary>
        public T? Payload;

        private Node(bool isStatic, string text, PlaceholderKind kind, string? expression, Regex? regex, int minIndex)
        {
            IsStatic = isStatic;
            Text = text;
            Kind = kind;
            Expression = expression;
            Regex = regex;
            MinIndex = minIndex;
        }

        /// <summary>Creates a static node for <paramref name="text"/>.</summary>
        public static Node Static(string text, int minIndex) =>
            new(isStatic: true, text, PlaceholderKind.String, expression: null, regex: null, minIndex);

        /// <summary>Creates a placeholder node for <paramref name="part"/>.</summary>
        public static Node Placeholder(PlaceholderPart part, int minIndex) =>
            new(isStatic: false, string.Empty, part.Kind, part.Expression, part.Regex, minIndex);

        /// <summary>The position of the static child whose text starts with <paramref name="c"/>, or -1.</summary>
        public int IndexOfStatic(char c)
        {
            // Most nodes have one to three static children: a plain loop beats a vectorised search there.
            string firstChars = FirstChars;
            for (int i = 0; i < firstChars.Length; i++)
            {
                if (firstChars[i] == c)
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>Makes this node the end of the route registered at <paramref name="index"/>.</summary>
        public void End(int index, string pattern, string[] names, T payload)
        {
            Index = index;
            Pattern = pattern;
            Names = names;
            Payload = payload;
        }

        /// <summary>Appends a static child, whose first char no other static child has.</summary>
        public void AddStatic(Node child)
        {
            Debug.Assert(FirstChars.IndexOf(child.Text[0]) < 0);
            FirstChars += child.Text[0];
            StaticChildren = [.. StaticChildren, child];
        }

        /// <summary>Appends a placeholder child, created after all the others.</summary>
        public void AddPlaceholder(Node child)
        {
            Debug.Assert(PlaceholderChildren.Length == 0 || PlaceholderChildren[^1].MinIndex <= child.MinIndex);
            PlaceholderChildren = [.. PlaceholderChildren, child];
        }

        /// <summary>Cuts static child <paramref name="i"/> after <paramref name="length"/> chars; returns the new parent.</summary>
        public Node SplitStatic(int i, int length)
        {
            var child = StaticChildren[i];
            Debug.Assert(length > 0 && length < child.Text.Length);
            var parent = Static(child.Text[..length], child.MinIndex);
            child.Text = child.Text[length..];
            parent.AddStatic(child);
            StaticChildren[i] = parent;
            return parent;
        }
    }
}
