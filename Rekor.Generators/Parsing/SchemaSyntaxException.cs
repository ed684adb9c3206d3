using System;

namespace Rekor.Generators.Parsing
{
    /// <summary>A schema file is not well-formed JSON; carries the 0-based position of the fault.</summary>
    internal sealed class SchemaSyntaxException : Exception
    {
        public SchemaSyntaxException(string message, int line, int column)
            : base(message)
        {
            Line = line;
            Column = column;
        }

        public int Line { get; }

        public int Column { get; }
    }
}
