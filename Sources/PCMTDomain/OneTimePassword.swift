/// Passwords handed over once, by an administrator or the command line, and changed at the first sign-in.
public enum OneTimePassword {
    /// The alphabet: letters and digits without look-alikes (no 0/O, 1/l/I).
    public static let alphabet = Array("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")

    /// 16 characters drawn from ``alphabet`` with the system's secure generator (about 93 bits).
    public static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<16).map { _ in alphabet.randomElement(using: &generator)! })
    }
}
