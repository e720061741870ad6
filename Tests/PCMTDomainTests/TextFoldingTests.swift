import PCMTDomain
import Testing

@Suite struct TextFoldingTests {
    @Test(arguments: [
        ("Huyện Ngọc Hồi", "huyen ngoc hoi"),
        ("Đắk Glei", "dak glei"),
        ("Thị trấn Plei Kần", "thi tran plei kan"),
        ("Ia H' Drai", "ia h' drai"),
        ("TỈNH KON TUM", "tinh kon tum"),
        ("Sở Lao động - Thương binh và Xã hội", "so lao dong - thuong binh va xa hoi"),
    ])
    func foldsVietnameseToPlainLowercase(input: String, expected: String) {
        #expect(input.foldedForSearch == expected)
    }

    @Test func everyWordOfTheQueryMustOccur() {
        #expect("Huyện Ngọc Hồi".matchesSearch("ngoc hoi"))
        #expect("Huyện Ngọc Hồi".matchesSearch("HỒI huyen"))
        #expect(!"Huyện Ngọc Hồi".matchesSearch("ngoc tu"))
        #expect(!"Huyện Ngọc Hồi".matchesSearch("   "))
    }
}

@Suite struct DiacriticStrippingTests {
    @Test func keepsCaseAndLength() {
        #expect("Đắk Hà".strippingDiacritics == "Dak Ha")
        #expect("Phường Thống Nhất".strippingDiacritics.count == "Phường Thống Nhất".count)
    }
}
