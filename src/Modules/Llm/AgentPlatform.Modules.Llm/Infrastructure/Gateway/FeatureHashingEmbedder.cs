using System.Text;

namespace AgentPlatform.Modules.Llm.Infrastructure.Gateway;

/// <summary>
/// The local embedding model: signed feature hashing of words, word pairs and character n-grams, L2-normalised.
/// Texts that share words and phrases land near each other; it knows no synonyms. Han, kana and Hangul text has
/// no spaces, so each such character is a token and neighbouring pairs are features too. Deterministic: the same
/// text always gives the same vector, on any machine.
/// </summary>
internal static class FeatureHashingEmbedder
{
    public static float[] Embed(string text, int dimension)
    {
        var vector = new float[dimension];
        var tokens = Tokenize(text);
        for (var i = 0; i < tokens.Count; i++)
        {
            var (token, cjk) = tokens[i];
            Add(vector, "w:" + token, 1f);
            if (i + 1 < tokens.Count)
            {
                Add(vector, "b:" + token + " " + tokens[i + 1].Token, cjk && tokens[i + 1].Cjk ? 1f : 0.7f);
            }

            if (!cjk && token.Length > 3)
            {
                var padded = "#" + token + "#";
                for (var j = 0; j + 3 <= padded.Length; j++)
                {
                    Add(vector, string.Concat("c:", padded.AsSpan(j, 3)), 0.35f);
                }
            }
        }

        Normalize(vector);
        return vector;
    }

    public static double Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double dot = 0;
        for (var i = 0; i < a.Length && i < b.Length; i++)
        {
            dot += a[i] * b[i];
        }

        return dot;
    }

    internal static List<(string Token, bool Cjk)> Tokenize(string text)
    {
        var tokens = new List<(string, bool)>();
        var word = new StringBuilder();
        foreach (var rune in text.Normalize(NormalizationForm.FormKC).ToLowerInvariant().EnumerateRunes())
        {
            if (IsCjk(rune))
            {
                Flush(word, tokens);
                tokens.Add((rune.ToString(), true));
            }
            else if (Rune.IsLetterOrDigit(rune))
            {
                word.Append(rune.ToString());
            }
            else
            {
                Flush(word, tokens);
            }
        }

        Flush(word, tokens);
        return tokens;
    }

    private static void Flush(StringBuilder word, List<(string, bool)> tokens)
    {
        if (word.Length > 0)
        {
            tokens.Add((word.ToString(), false));
            word.Clear();
        }
    }

    private static bool IsCjk(Rune rune)
    {
        var c = rune.Value;
        return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x20000 && c <= 0x2FFFF)
            || (c >= 0x3040 && c <= 0x30FF) || (c >= 0xAC00 && c <= 0xD7AF) || (c >= 0xF900 && c <= 0xFAFF);
    }

    private static void Add(float[] vector, string feature, float weight)
    {
        var hash = Fnv1a(feature);
        var index = (int)(hash % (ulong)vector.Length);
        vector[index] += (hash >> 63) == 0 ? weight : -weight;
    }

    private static ulong Fnv1a(string value)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            hash ^= b;
            hash *= 1099511628211UL;
        }

        // FNV's low bits mix poorly for short keys: fold the high half in.
        return hash ^ (hash >> 29);
    }

    private static void Normalize(float[] vector)
    {
        double sum = 0;
        foreach (var v in vector)
        {
            sum += v * v;
        }

        if (sum == 0)
        {
            return;
        }

        var scale = (float)(1 / Math.Sqrt(sum));
        for (var i = 0; i < vector.Length; i++)
        {
            vector[i] *= scale;
        }
    }
}
