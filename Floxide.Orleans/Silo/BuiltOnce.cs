namespace Floxide.Orleans;

/// <summary>
/// A value built on first use, once: a factory that throws is tried again on the next use, where a <see cref="Lazy{T}"/>
/// would throw its first error for ever (one passing failure of a secret store would fail every item sent to the silo).
/// Never built twice at once, so a batch context holding shared clients exists once per silo.
/// </summary>
/// <typeparam name="T">The value's type.</typeparam>
internal sealed class BuiltOnce<T>(Func<T> factory)
{
    private readonly Lock _lock = new();
    private volatile Box? _built;
    private bool _building;

    /// <summary>Gets the value, building it if no use has yet built it.</summary>
    public T Value
    {
        get
        {
            if (_built is { } built)
            {
                return built.Value;
            }

            lock (_lock)
            {
                if (_built is null)
                {
                    // The lock is re-entrant: a factory that asks for its own value would otherwise recurse until the stack ends.
                    if (_building)
                    {
                        throw new InvalidOperationException($"The factory of a {typeof(T).Name} asked for the value it is building.");
                    }

                    _building = true;
                    try
                    {
                        _built = new Box(factory());
                    }
                    finally
                    {
                        _building = false;
                    }
                }

                return _built.Value;
            }
        }
    }

    /// <summary>Published whole, so a reader never sees a value half written (T may be a struct).</summary>
    private sealed record Box(T Value);
}
