using System.Collections.Generic;

namespace Rekor.Generators.Parsing
{
    /// <summary>The kinds of value a JSON or YAML document holds once parsed.</summary>
    internal enum RawKind
    {
        Object,
        Array,
        String,
        Number,
        Boolean,
        Null,
    }

    /// <summary>
    /// A parsed JSON or YAML value with its 0-based position in the source file. Both file formats are read
    /// into this one tree so that schema reading has a single code path. Lives only inside the parse step; it is
    /// never cached, so it need not be equatable.
    /// </summary>
    internal sealed class RawValue
    {
        public RawValue(RawKind kind, int line, int column, string? text = null)
        {
            Kind = kind;
            Line = line;
            Column = column;
            Text = text;
        }

        public RawKind Kind { get; }

        public int Line { get; }

        public int Column { get; }

        /// <summary>Scalar text: the string value, the number's literal or "true"/"false". Null for containers.</summary>
        public string? Text { get; }

        /// <summary>Object members in document order (duplicates rejected by the readers).</summary>
        public List<KeyValuePair<string, RawValue>> Members { get; } = new();

        public List<RawValue> Items { get; } = new();

        public RawValue? Get(string name)
        {
            foreach (var member in Members)
            {
                if (member.Key == name)
                {
                    return member.Value;
                }
            }

            return null;
        }
    }
}
