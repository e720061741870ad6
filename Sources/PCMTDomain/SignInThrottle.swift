import Foundation

/// When failed sign-ins make pcmt wait before it checks another password. Failures are counted per account *and*
/// address, so that one person mistyping (or one guesser) behind an office's shared NAT address locks only that
/// account from that address, never the office:
///
/// - **account at address**: `perAccountAndAddress` (5) failures for one username from one address within `window`
///   (15 minutes) hold that username at that address;
/// - **account**: `perAccount` (50) failures for one username from all addresses together hold it, except from an
///   address it has signed in from within `knownFor` (30 days) — a guesser spread over many addresses cannot lock
///   its owner out at the office;
/// - **address**: `perAddress` (20) failures from one address over all usernames (someone trying many names) hold
///   that address, except for usernames that have signed in from it within `knownFor`.
///
/// An unknown username is counted like a known one, so the answer reveals nothing. The rule follows OWASP's
/// Authentication Cheat Sheet ("account lockout" and its denial-of-service caveat).
public struct SignInThrottle: Sendable, Equatable {
    public var perAccountAndAddress: Int
    public var perAccount: Int
    public var perAddress: Int
    /// Seconds a failure counts for.
    public var window: TimeInterval
    /// Seconds a successful sign-in keeps an address known for its account.
    public var knownFor: TimeInterval

    public init(
        perAccountAndAddress: Int = 5, perAccount: Int = 50, perAddress: Int = 20, window: TimeInterval = 15 * 60,
        knownFor: TimeInterval = 30 * 86_400
    ) {
        self.perAccountAndAddress = perAccountAndAddress; self.perAccount = perAccount; self.perAddress = perAddress
        self.window = window; self.knownFor = knownFor
    }

    /// Which count held the attempt.
    public enum Scope: String, Sendable, Equatable {
        case accountAtAddress, account, address
    }

    /// A held attempt: which count, and when the next attempt will be heard.
    public struct Hold: Sendable, Equatable {
        public var scope: Scope
        public var until: Date

        /// Whole minutes left, at least 1.
        public func minutes(from now: Date) -> Int { max(1, Int((until.timeIntervalSince(now) / 60).rounded(.up))) }

        /// Seconds left, at least 1, for `Retry-After`.
        public func seconds(from now: Date) -> Int { max(1, Int(until.timeIntervalSince(now).rounded(.up))) }

        public func messageEn(username: String, now: Date) -> String {
            let m = minutes(from: now)
            return switch scope {
            case .accountAtAddress:
                "Too many failed sign-ins to \(username) from your address. Wait \(m) minutes and try again, or ask your "
                    + "system administrator to reset the password. Other accounts are not affected."
            case .account:
                "\(username) has had too many failed sign-ins from several addresses and is held for \(m) minutes. It stays "
                    + "open from addresses it has signed in from before."
            case .address:
                "Too many failed sign-ins to different accounts from your address. Wait \(m) minutes. Accounts that have "
                    + "signed in from this address before are not affected."
            }
        }

        public func messageVi(username: String, now: Date) -> String {
            let m = minutes(from: now)
            return switch scope {
            case .accountAtAddress:
                "Đăng nhập sai quá nhiều lần vào tài khoản \(username) từ địa chỉ của bạn. Hãy chờ \(m) phút rồi thử lại, "
                    + "hoặc nhờ quản trị hệ thống đặt lại mật khẩu. Các tài khoản khác không bị ảnh hưởng."
            case .account:
                "Tài khoản \(username) bị đăng nhập sai quá nhiều lần từ nhiều địa chỉ nên tạm khóa \(m) phút. Tài khoản vẫn "
                    + "đăng nhập được từ những địa chỉ đã từng đăng nhập thành công."
            case .address:
                "Đăng nhập sai quá nhiều lần vào nhiều tài khoản khác nhau từ địa chỉ của bạn. Hãy chờ \(m) phút. Các tài "
                    + "khoản đã từng đăng nhập từ địa chỉ này không bị ảnh hưởng."
            }
        }
    }

    /// Whether a count can hold an attempt at all; when neither `account` nor `address` can, whether the username
    /// is known at the address does not matter (and need not be looked up).
    public func needsKnownAddress(accountFailures: Int, addressFailures: Int) -> Bool {
        accountFailures >= perAccount || addressFailures >= perAddress
    }

    /// The hold on an attempt, or nil to check the password. Each list holds the times of the failures within the
    /// window: of this username at this address, of this username anywhere, of this address for any username;
    /// `knownAtAddress` says whether the username signed in from this address within `knownFor`.
    public func hold(pair: [Date], account: [Date], address: [Date], knownAtAddress: Bool, now: Date) -> Hold? {
        func until(_ times: [Date], limit: Int) -> Date? {
            guard limit > 0, times.count >= limit else { return nil }
            // Held until so many failures have aged out that fewer than `limit` remain.
            let newestFirst = times.sorted(by: >)
            return newestFirst[limit - 1].addingTimeInterval(window)
        }
        if let date = until(pair, limit: perAccountAndAddress), date > now { return Hold(scope: .accountAtAddress, until: date) }
        guard !knownAtAddress else { return nil }
        if let date = until(account, limit: perAccount), date > now { return Hold(scope: .account, until: date) }
        if let date = until(address, limit: perAddress), date > now { return Hold(scope: .address, until: date) }
        return nil
    }
}
