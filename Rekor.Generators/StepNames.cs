namespace Rekor.Generators
{
    /// <summary>Tracking names of the pipeline steps; tests assert on them to prove caching.</summary>
    public static class StepNames
    {
        public const string SchemaFiles = nameof(SchemaFiles);
        public const string ParsedSchemas = nameof(ParsedSchemas);
        public const string CollectedSchemas = nameof(CollectedSchemas);
        public const string RootNamespace = nameof(RootNamespace);
        public const string BoundSchemas = nameof(BoundSchemas);
        public const string GenerationSpec = nameof(GenerationSpec);
        public const string SchemaDiagnostics = nameof(SchemaDiagnostics);
        public const string SchemaTexts = nameof(SchemaTexts);
        public const string CodeGeneratedModels = nameof(CodeGeneratedModels);
        public const string ModelSource = nameof(ModelSource);
        public const string ModelDiagnostics = nameof(ModelDiagnostics);
        public const string Implementations = nameof(Implementations);
        public const string ImplementationSpecs = nameof(ImplementationSpecs);
        public const string Registrations = nameof(Registrations);
        public const string RegistrationDiagnostics = nameof(RegistrationDiagnostics);
        public const string ClientSpec = nameof(ClientSpec);
    }
}
