namespace GeminiRealtime.Models
{
    /// <summary>One row of the REST text model table (<see cref="TextModelCatalog"/>): an id and what it accepts.</summary>
    public sealed class TextModel
    {
        internal TextModel(string id, ThinkingSupport thinking, bool thinkingCanBeOff, string description)
        {
            Id = id;
            Thinking = thinking;
            ThinkingCanBeOff = thinkingCanBeOff;
            Description = description;
        }

        public string Id { get; }

        /// <summary>
        /// What <c>generationConfig.thinkingConfig</c> takes: <see cref="ThinkingSupport.Level"/> (Gemini 3: a
        /// <c>thinkingLevel</c>; a legacy <c>thinkingBudget</c> is still accepted) or <see cref="ThinkingSupport.Budget"/>
        /// (Gemini 2.5: <c>thinkingBudget</c> only).
        /// </summary>
        public ThinkingSupport Thinking { get; }

        /// <summary>False when <c>thinkingBudget: 0</c> is refused (the model only works in thinking mode).</summary>
        public bool ThinkingCanBeOff { get; }

        public string Description { get; }

        public override string ToString() => Id;
    }
}
