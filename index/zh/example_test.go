package zh_test

import (
	"fmt"

	"github.com/skillcircle/skillcircle/index/zh"
)

func ExampleFold() {
	fmt.Println(zh.Fold("數控車工 ＣＮＣ"))
	// Output: 数控车工 cnc
}

func ExamplePinyin() {
	fmt.Println(zh.Pinyin("数控车工"), zh.Initials("数控车工"))
	fmt.Println(zh.Pinyin("模具工"), zh.Initials("CNC编程"))
	// Output:
	// shukongchegong skcg
	// mujugong cncbc
}
