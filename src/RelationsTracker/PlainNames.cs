namespace RelationsTracker;

/// <summary>
/// Names the tracker puts into SQL as identifiers (roles, schemas, queue tables): plain lower-case ones, which need
/// no quoting and cannot smuggle anything in.
/// </summary>
public static class PlainNames
{
    /// <summary>Lower-case letters, digits and '_', starting with a letter or '_', of 1 to <paramref name="maxLength"/> characters.</summary>
    public static bool IsPlain(string name, int maxLength) =>
        name.Length > 0 && name.Length <= maxLength && (char.IsAsciiLetterLower(name[0]) || name[0] == '_')
        && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_');
}
