using System.Collections.Generic;

namespace Rekor.Generators.Parsing
{
    /// <summary>The kinds of value a JSON document holds once parsed.</summary>
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
    /// A parsed JSON value of a JSON Schema file with its 0-based position in the file, for diagnostics (the API
    /// description is read by Microsoft.OpenApi.Readers instead). Lives only inside the parse step; it is never
    /// cached, so it need not be equatable.
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
